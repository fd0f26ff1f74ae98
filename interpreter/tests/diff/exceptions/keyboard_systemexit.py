try:
    raise KeyboardInterrupt
except Exception:
    print("not caught by Exception")
except KeyboardInterrupt:
    print("KeyboardInterrupt caught explicitly")
try:
    raise SystemExit("bye")
except Exception:
    print("wrong")
except BaseException as e:
    print("BaseException caught", type(e).__name__, e.code)
import sys
try:
    sys.exit(4)
except SystemExit as e:
    print("sys.exit raised SystemExit", e.code)
try:
    sys.exit()
except SystemExit as e:
    print("no arg code", e.code)
