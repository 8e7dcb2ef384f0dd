"""Hardware adapters: gpiozero button and light, PyAudio microphone array."""
