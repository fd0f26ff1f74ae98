class DBError(Exception):
    pass
def query():
    try:
        {}["row"]
    except KeyError as e:
        raise DBError("query failed") from e
try:
    query()
except DBError as e:
    print(e, "| cause:", repr(e.__cause__), "| context:", repr(e.__context__), e.__suppress_context__)
def no_cause():
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("during handling") from None
try:
    no_cause()
except ValueError as e:
    print(e, e.__cause__, type(e.__context__).__name__, e.__suppress_context__)
def implicit():
    try:
        [][0]
    except IndexError:
        raise RuntimeError("implicit chain")
try:
    implicit()
except RuntimeError as e:
    print(e, e.__cause__, type(e.__context__).__name__)
try:
    raise ValueError("explicit") from TypeError("the cause")
except ValueError as e:
    print(type(e.__cause__).__name__, e.__cause__)
