"""The Flask extensions, created once and bound to the app in create_app()."""
from flask_babel import Babel
from flask_compress import Compress
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


# expire_on_commit off: events and acks are read right after commit, without a reload
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
socketio = SocketIO()
babel = Babel()
#: HTML and JSON answers compressed (static files come pre-compressed, see app/assets.py)
compress = Compress()
