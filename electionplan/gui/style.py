"""The app's look, in one stylesheet. Risk colours come from services.display."""

APP_STYLESHEET = """
QMainWindow { background: #f4f6f8; }
QListWidget#nav {
    background: #1f2d3d; color: #dfe6ee; border: none; font-size: 14px; padding-top: 8px; outline: 0;
}
QListWidget#nav::item { padding: 10px 16px; }
QListWidget#nav::item:selected { background: #34506e; color: #ffffff; border-left: 4px solid #7fb3ff; }
QLabel#pageTitle { font-size: 20px; font-weight: 600; color: #1f2d3d; }
QLabel#pageSubtitle { font-size: 13px; color: #52606d; }
QFrame#card { background: #ffffff; border: 1px solid #d9dee4; border-radius: 6px; }
QLabel#cardValue { font-size: 22px; font-weight: 600; color: #1f2d3d; }
QLabel#cardLabel { font-size: 12px; color: #52606d; }
QLabel#sectionTitle { font-size: 14px; font-weight: 600; color: #1f2d3d; }
QLabel#placeholder { color: #52606d; font-size: 14px; }
QLabel#info { background: #e8f1fb; color: #15406b; border: 1px solid #b9d4f0; border-radius: 4px; padding: 8px; }
QLabel#banner { background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0; border-radius: 4px; padding: 8px; font-weight: 600; }
QTableView { background: #ffffff; gridline-color: #e3e7eb; selection-background-color: #cfe3ff; selection-color: #1a1a1a; }
QHeaderView::section { background: #eef1f4; padding: 4px 6px; border: none; border-bottom: 1px solid #d9dee4; }
"""
