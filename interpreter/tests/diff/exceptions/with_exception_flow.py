log = []
class Res:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        log.append("open " + self.name)
        return self
    def __exit__(self, et, ev, tb):
        log.append(f"close {self.name} {et.__name__ if et else '-'}")
def work(fail):
    with Res("a") as a, Res("b") as b:
        log.append("work")
        if fail:
            raise ValueError("fail")
        return "ok"
print(work(False))
try:
    work(True)
except ValueError:
    log.append("caught")
print(log)
