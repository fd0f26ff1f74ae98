from .._a import A
