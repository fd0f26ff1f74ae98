print("never")
yield 5
