e = ValueError('x')
e.add_note('n1'); e.add_note('n2')
print(e.__notes__)
try:
    e.add_note(3)
except TypeError as t:
    print(t)
raise e
