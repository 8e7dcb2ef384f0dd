"""``python -m device.speech``: see :mod:`device.speech.cli`."""

from device.speech.cli import app

if __name__ == "__main__":
    app()
