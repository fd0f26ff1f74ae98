# cls.__dict__ is a live view (mappingproxy): later changes to the class show through it.
class A:
    x = 1
    def m(self):
        return 2

d = A.__dict__
print(type(d).__name__, 'x' in d, 'y' in d)
A.y = 5
print('y' in d, d['y'], d.get('y'), len(d) == len(A.__dict__))
del A.x
print('x' in d, sorted(k for k in d if not k.startswith('__')))
print(sorted(k for k in vars(A) if not k.startswith('__')))
try:
    d['z'] = 1
except TypeError as e:
    print('TypeError', e)
print(list(k for k in d.keys() if k == 'm'), [v for k, v in d.items() if k == 'y'])
class B(A):
    pass
print(sorted(k for k in B.__dict__ if not k.startswith('__')))
B.z = 3
print(sorted(k for k in B.__dict__ if not k.startswith('__')))
print([n for n in dir(B) if not n.startswith('__')])
print(dir(object))
print([n for n in dir(A()) if n in ('__dict__', '__weakref__', '__class__', '__doc__')])
