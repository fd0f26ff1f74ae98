s = "Hello World, hello PYTHON"
print(s.upper(), s.lower(), s.swapcase(), s.title(), s.capitalize(), s.casefold())
print("ß".upper(), "ǅ".lower(), "straße".casefold())
print("hello world".title(), "they're bill's".title(), "x1y2".title())
print("abc".isupper(), "ABC".isupper(), "Abc".istitle(), "abc".islower(), "ABC1".isupper())
print("".upper(), "123".lower())
