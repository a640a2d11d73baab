"""Demo content for ``manage.py load_demo``: original text (content.py) and pictures drawn with
Pillow at load time (pictures.py), so the repository carries no third-party words or images."""
