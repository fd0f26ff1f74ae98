# str.format: a {} nested in a format spec takes the next automatic argument (shared
# numbering with the fields around it), as CPython.
print('{:{}}|'.format(3, 4), '{:{}.{}f}|'.format(3.14159, 8, 2), '{}{:>{}}|'.format("a", "b", 3), '{:{}}{}'.format(1, 2, "z"))
print('{0:{1}}|{2}'.format(5, 3, 'x'), '{:^{w}}|'.format('c', w=5), '{:{fill}>6}'.format(7, fill='*'))
try:
    '{:{}}'.format(1)
except IndexError as e:
    print("IndexError", e)
