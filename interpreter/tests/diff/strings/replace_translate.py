s = "one two one two one"
print(s.replace("one", "1"), s.replace("one", "1", 2), s.replace("", "-")[:12], s.replace("zzz", "y"))
table = str.maketrans("abc", "xyz")
print("aabbcc".translate(table))
table2 = str.maketrans({"a": "1", "b": None, "c": "CC"})
print("abcabc".translate(table2))
table3 = str.maketrans("ab", "AB", "x")
print("axbxab".translate(table3))
print(sorted(str.maketrans("ab", "cd").items()))
