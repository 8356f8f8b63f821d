"""The map the SPOC pans, zooms and clicks: a MapScene on a QGraphicsScene.

The y axis is flipped (BNG northings grow upwards, screen y downwards).
Clicking a station or venue emits which one; highlight() rings a venue or
station, for example when a flashpoint is chosen in a list.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsScene, QGraphicsView

from electionplan.report.mapscene import MapScene
from electionplan.domain.display import RISK_PALETTE

ENTITY_ROLE = 0
ID_ROLE = 1


class MapView(QGraphicsView):
    item_clicked = Signal(str, int)  # entity ("station" | "venue"), id
    QUIET_POINT_LIMIT = 5000

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.Antialiasing)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#f7f9fb"))
        self.setMinimumHeight(260)
        self._items: dict[tuple[str, int], QGraphicsItem] = {}
        self._highlight: QGraphicsEllipseItem | None = None
        self._scene_data: MapScene | None = None
        self.setAccessibleName("Map of the plan")

    def show_scene(self, scene: MapScene) -> None:
        self._scene_data = scene
        graphics = self.scene()
        graphics.clear()
        self._items.clear()
        self._highlight = None
        size = max(scene.width, scene.height) or 1.0
        area_pen = QPen(QColor("#44607d"), 0)
        for area in scene.areas:
            path = QPainterPath()
            for polygon in area.polygons:
                for ring in polygon:
                    path.addPolygon(QPolygonF([QPointF(x, -y) for x, y in ring]))
                    path.closeSubpath()
            item = graphics.addPath(path, area_pen, QBrush(QColor("#e8eef5")))
            item.setToolTip(f"{area.name} ({area.code})")
        labelled: set[tuple[int, int]] = set()
        spacing = size / 18
        # Pens and brushes are made once: a national plan has tens of thousands of points.
        pens = {True: QPen(QColor("#1f2d3d"), 0), False: QPen(QColor("white"), 0)}
        brushes = {level: QBrush(QColor(colours[0])) for level, colours in RISK_PALETTE.items()}
        grey = QBrush(QColor("#888888"))
        points = scene.points
        if len(points) > self.QUIET_POINT_LIMIT:
            # Quiet (green) stations would bury the flagged ones at national scale.
            points = [p for p in points if p.flagged or p.entity == "venue"]
        for point in points:
            radius = size / (110 if point.flagged else 160)
            pen, brush = pens[point.flagged], brushes.get(point.level, grey)
            rect = QRectF(point.x - radius, -point.y - radius, 2 * radius, 2 * radius)
            if point.entity == "venue":
                item = graphics.addRect(rect, pen, brush)
            else:
                item = graphics.addEllipse(rect, pen, brush)
            item.setToolTip(point.label)
            item.setData(ENTITY_ROLE, point.entity)
            item.setData(ID_ROLE, point.id)
            item.setZValue(2 if point.flagged else 1)
            self._items[(point.entity, point.id)] = item
            # Labels keep apart so they stay legible when zoomed out; hover shows the rest.
            cx, cy = int(point.x // spacing), int(point.y // (spacing / 3))
            near = {(cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
            if point.flagged and not (near & labelled):
                labelled.add((cx, cy))
                label = graphics.addSimpleText(point.label)
                label.setBrush(QColor("#1f2d3d"))
                label.setFlag(QGraphicsItem.ItemIgnoresTransformations)
                label.setPos(point.x + radius, -point.y - radius)
                label.setZValue(3)
        minx, miny, maxx, maxy = scene.bounds
        graphics.setSceneRect(QRectF(minx, -maxy, maxx - minx, maxy - miny))
        self.fit()

    def fit(self) -> None:
        self.fitInView(self.scene().sceneRect(), Qt.KeepAspectRatio)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._scene_data is not None:
            self.fit()

    def wheelEvent(self, event) -> None:  # noqa: N802
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.scale(factor, factor)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        for item in self.items(event.position().toPoint()):
            entity = item.data(ENTITY_ROLE)
            if entity in ("station", "venue"):
                self.item_clicked.emit(entity, int(item.data(ID_ROLE)))
                self.highlight(entity, int(item.data(ID_ROLE)))
                break
        super().mousePressEvent(event)

    def highlight(self, entity: str, record_id: int | None) -> bool:
        if self._highlight is not None:
            self.scene().removeItem(self._highlight)
            self._highlight = None
        item = self._items.get((entity, record_id)) if record_id is not None else None
        if item is None:
            return False
        rect = item.sceneBoundingRect()
        ring = rect.adjusted(-rect.width() * 1.2, -rect.height() * 1.2, rect.width() * 1.2, rect.height() * 1.2)
        pen = QPen(QColor("#1565c0"), 0)
        self._highlight = self.scene().addEllipse(ring, pen)
        self._highlight.setZValue(5)
        self.centerOn(item)
        return True

    @property
    def highlighted(self) -> bool:
        return self._highlight is not None
