results = []
for v in ["1", "x", "3", None, "5"]:
    try:
        results.append(int(v))
    except ValueError:
        results.append("bad")
        continue
    except TypeError:
        results.append("none")
        break
    finally:
        results.append("|")
print(results)
attempts = 0
while True:
    try:
        attempts += 1
        if attempts < 3:
            raise ConnectionError(f"attempt {attempts}")
        print("succeeded after", attempts)
        break
    except ConnectionError as e:
        print("retry:", e)
def first_valid(items):
    for it in items:
        try:
            return 100 // it
        except ZeroDivisionError:
            continue
        finally:
            print("checked", it)
    return None
print(first_valid([0, 0, 4]))
