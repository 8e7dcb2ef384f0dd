"""Wire formats shared by device and hub: transcript, note, envelope and topics."""
