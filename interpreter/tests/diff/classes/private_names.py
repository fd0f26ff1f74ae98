class Account:
    def __init__(self):
        self.__balance = 100
        self._hint = "protected by convention"
    def balance(self):
        return self.__balance
    def __secret(self):
        return "secret"
    def reveal(self):
        return self.__secret()
a = Account()
print(a.balance(), a._hint, a.reveal())
print(hasattr(a, "__balance"), a._Account__balance)
try:
    a.__secret()
except AttributeError:
    print("mangled")
class Sub(Account):
    def __init__(self):
        super().__init__()
        self.__balance = 5
s = Sub()
print(s.balance(), s._Sub__balance)
