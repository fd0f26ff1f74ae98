tests = ["abc", "ABC", "123", "12.5", "abc123", "", " ", "\t\n", "Hello World", "héllo", "½", "٣", "_id", "class", "a-b"]
for t in tests:
    print(repr(t), t.isalpha(), t.isdigit(), t.isnumeric(), t.isdecimal(), t.isalnum(), t.isspace(), t.isidentifier(), t.isprintable(), t.isascii())
