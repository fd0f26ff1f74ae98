class CM:
    def __enter__(self):
        print("enter")
    def __exit__(self, *a):
        print("exit sees", a[0].__name__)
        return False
with CM():
    raise LookupError("inside with")
