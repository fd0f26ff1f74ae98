def run():
    out = []
    i = 0
    while i < 6:
        i += 1
        try:
            if i == 2:
                continue
            if i == 5:
                break
            out.append(i)
        finally:
            out.append(-i)
    else:
        out.append("else")
    return out
print(run())
def nested_finally():
    log = []
    for i in range(3):
        try:
            try:
                if i == 1:
                    raise ValueError(i)
                log.append(f"body{i}")
            finally:
                log.append(f"inner{i}")
        except ValueError as e:
            log.append(f"caught{e}")
        finally:
            log.append(f"outer{i}")
    return log
print(nested_finally())
def return_in_loop_finally():
    for i in range(5):
        try:
            return i
        finally:
            if i == 0:
                continue
print(return_in_loop_finally())
def gen_with_finally():
    try:
        for i in range(3):
            try:
                yield i
            finally:
                print("  step cleanup", i)
    finally:
        print("  gen cleanup")
g = gen_with_finally()
for v in g:
    print("got", v)
    if v == 1:
        break
print("closing explicitly (finalisation of abandoned generators is GC-dependent)")
g.close()
