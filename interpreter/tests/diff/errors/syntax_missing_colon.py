print("this never prints: the file does not compile")
if True
    print(1)
