# print() writes to whatever the script assigned to sys.stdout (a StringIO, an object with
# write), nothing for None, and to the real stream again once sys.__stdout__ is put back.
import io
import sys

old = sys.stdout
buf = io.StringIO()
sys.stdout = buf
print("captured", 1)
print("two", "parts", sep="-", end="!\n")
sys.stdout.write("direct\n")
sys.stdout = old
print(repr(buf.getvalue()))


class Collect:
    def __init__(self):
        self.text = ""

    def write(self, s):
        self.text += s
        return len(s)


c = Collect()
sys.stdout = c
print("into", "collector")
print(end="")
sys.stdout = sys.__stdout__
print(repr(c.text))
print("back on stdout")
sys.stdout = None
print("dropped")
sys.stdout = sys.__stdout__
print("restored", sys.stdout is sys.__stdout__, sys.stderr is not None)
