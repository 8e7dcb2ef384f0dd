"""The meeting-room appliance daemon: button, light, capture, spool, speech, note, delivery."""
