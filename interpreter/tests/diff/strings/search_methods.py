s = "the cat sat on the mat"
print(s.find("at"), s.find("at", 6), s.find("dog"), s.rfind("at"), s.rfind("at", 0, 10))
print(s.index("sat"), s.rindex("the"))
try:
    s.index("dog")
except ValueError as e:
    print("ValueError:", e)
print(s.count("at"), s.count("the"), s.count(""), s.count("t", 5, 15))
print(s.startswith("the"), s.startswith(("a", "t")), s.endswith("mat"), s.endswith("at", 0, 7))
print(s.startswith("cat", 4), "abc".endswith(("x", "bc")))
print("at" in s, "dog" in s, "" in s)
print("aaaa".count("aa"), "aaaa".replace("aa", "b"), "aaa".find(""), "".find(""))
