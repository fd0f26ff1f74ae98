import sys
print("fatal path")
sys.exit("fatal: configuration missing")
