class Config:
    print("class body executes")
    values = {}
    for i in range(3):
        values[i] = i * i
    del i
    if len(values) > 2:
        big = True
    else:
        big = False
    def method(self):
        return self.values
print(Config.values, Config.big, hasattr(Config, "i"))
def factory(n):
    class Made:
        size = n
        def get(self):
            return self.size
    return Made
M5 = factory(5)
print(M5().get(), factory(7).size, M5.__name__)
