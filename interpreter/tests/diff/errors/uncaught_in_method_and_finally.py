class Job:
    def run(self):
        try:
            print("running")
            raise OSError("disk on fire")
        finally:
            print("cleanup in finally")
Job().run()
