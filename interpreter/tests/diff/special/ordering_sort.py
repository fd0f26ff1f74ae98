class Student:
    def __init__(self, name, grade):
        self.name, self.grade = name, grade
    def __lt__(self, other):
        return (self.grade, self.name) < (other.grade, other.name)
    def __repr__(self):
        return f"{self.name}:{self.grade}"
students = [Student("bo", 3), Student("al", 3), Student("cy", 1), Student("di", 2)]
print(sorted(students))
print(sorted(students, reverse=True))
print(min(students), max(students))
students.sort()
print(students)
