def main():
    print("main called")
    return 0
def helper():
    return "helper"
if __name__ == "__main__":
    print(helper())
    main()
else:
    print("imported")
print(__name__ == "__main__")
