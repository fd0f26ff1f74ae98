# str()'s parameters by keyword: object=, encoding=, errors= (str(object=5) is '5').
print(repr(str(object=5)), repr(str(object=[1, "a"])), repr(str()))
print(str(object=b"caf\xc3\xa9", encoding="utf-8"), str(b"x\xffy", errors="replace"))
print(str(b"abc", "ascii"), repr(str(encoding="utf-8")))
for call in (lambda: str(object="s", encoding="utf-8"), lambda: str(object=5, errors="strict")):
    try:
        call()
    except TypeError as e:
        print(type(e).__name__, e)
