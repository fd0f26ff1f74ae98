s = "Ünïcödé strîng — ok"
print(s.lower(), s.upper())
print(len(s), s.find("—"), s[8:14])
print(sorted("éaèb"))
print("ǆ".upper(), "ǆ".title(), "ﬁ".upper())
print("İ".lower() == "i̇", len("İ".lower()))
print(ord(max("abcé")), "é".isalpha(), "١٢".isdigit(), int("١٢"))
print("αβγ".upper(), "ΑΒΓ".lower(), "Σ".lower())
print("日本語テキスト"[2:5], "😀x".index("x"), len("😀"))
