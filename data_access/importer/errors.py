"""The two ways an import can be refused, told apart because the fix differs."""


class ImportRefused(Exception):
    """Base class: the message is written for the user and says what to do."""


class FileProblem(ImportRefused):
    """The file's content cannot be imported as it is (the command exits 1)."""


class OptionProblem(ImportRefused):
    """An option is wrong or missing: the user must choose (the command exits 2)."""
