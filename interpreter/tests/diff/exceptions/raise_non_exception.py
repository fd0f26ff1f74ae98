try:
    raise 5
except TypeError as e:
    print("TypeError:", e)
try:
    raise "string"
except TypeError as e:
    print("TypeError:", e)
class NotExc:
    pass
try:
    raise NotExc
except TypeError as e:
    print("TypeError:", e)
try:
    raise ValueError from 5
except TypeError as e:
    print("TypeError:", e)
try:
    try:
        pass
    finally:
        pass
    raise
except RuntimeError as e:
    print("RuntimeError:", e)
