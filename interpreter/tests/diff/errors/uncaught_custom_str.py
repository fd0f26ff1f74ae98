class Weird(Exception):
    def __str__(self):
        return "weird message"
print("raising")
raise Weird(1, 2)
