"""The map the SPOC pans, zooms and clicks: a MapScene on a QGraphicsScene.

The y axis is flipped (BNG northings grow upwards, screen y downwards).
Markers keep their size on screen whatever the zoom; nearby points merge into
clusters that split as you zoom in, so 40,000 stations stay legible and none
is silently dropped. The legend sits in a strip above the map, never over a
marker; the scale bar and north arrow are painted over it, constituency names appear once their area is big enough to hold them,
and labels never overlap. Clicking a station or venue emits which one;
highlight() rings one; zoom_to_record() and zoom_to_constituency() frame one;
in place mode a click emits the grid position instead.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsScene, QGraphicsView

from electionplan.domain.display import RISK_PALETTE
from electionplan.gui.map_overlay import MapLegend, draw_north_arrow, draw_scale_bar
from electionplan.gui.map_room import Taken, place_clear
from electionplan.gui.map_venue_key import KeyedMapView, venue_key_text
from electionplan.gui.tips import plain_tip
from electionplan.report.mapscene import LEVEL_RANK, MapScene
from electionplan.services.map_clusters import cluster_figure, cluster_points

ENTITY_ROLE = 0
ID_ROLE = 1
CLUSTER_PIXELS = 40  # points closer than this on screen merge
CLUSTER_FILL = QColor("#4a6178")
RANK_LEVEL = {0: "green", 1: "amber", 2: "high", 3: "red"}
INK = QColor("#1f2d3d")


def _fixed(item: QGraphicsItem, x: float, y: float, z: float) -> QGraphicsItem:
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    item.setPos(x, -y)
    item.setZValue(z)
    return item


class MapView(KeyedMapView):
    item_clicked = Signal(str, int)  # entity ("station" | "venue"), id
    location_clicked = Signal(float, float)  # easting, northing, in place mode
    QUIET_POINT_LIMIT = 5000  # kept for callers; clustering now shows every point

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)  # the overlay is painted in screen space
        self.setBackgroundBrush(QColor("#f7f9fb"))
        self.setMinimumHeight(260)
        self.setAccessibleName("Map of the plan")
        self._scene_data: MapScene | None = None
        self._markers: list[QGraphicsItem] = []
        self._area_labels: list[tuple[QGraphicsItem, QRectF]] = []
        self._area_rects: dict[int, QRectF] = {}
        self._highlight: QGraphicsEllipseItem | None = None
        self._highlighted_key: tuple[str, int] | None = None
        self._index: dict[tuple[str, int], int] = {}
        self.place_mode = False
        self._fitted = True
        self._bounds = QRectF()
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(40)
        self._relayout_timer.timeout.connect(self.relayout)
        self._pens = {True: QPen(INK, 1.2), False: QPen(QColor("white"), 1)}
        self._brushes = {level: QBrush(QColor(colours[0])) for level, colours in RISK_PALETTE.items()}
        self.legend = MapLegend(self)  # above the map, in a margin of its own; the venue key beside it when needed
        self._cluster_font = QFont()
        self._cluster_font.setPointSizeF(8)

    # --- the scene ------------------------------------------------------------
    def show_scene(self, scene: MapScene) -> None:
        self._scene_data = scene
        graphics = self.scene()
        graphics.clear()
        self._markers, self._area_labels, self._area_rects = [], [], {}
        self._highlight, self._highlighted_key = None, None
        area_pen = QPen(QColor("#44607d"), 0)
        label_font = QFont()
        label_font.setPointSizeF(8.5)
        for area in scene.areas:
            path = QPainterPath()
            for polygon in area.polygons:
                for ring in polygon:
                    path.addPolygon(QPolygonF([QPointF(x, -y) for x, y in ring]))
                    path.closeSubpath()
            item = graphics.addPath(path, area_pen, QBrush(QColor("#e8eef5")))
            item.setToolTip(plain_tip(f"{area.name} ({area.code})"))
            self._area_rects[area.id] = path.boundingRect()
            label = graphics.addSimpleText(area.name, label_font)
            label.setBrush(QColor("#44607d"))
            _fixed(label, area.label_point[0], area.label_point[1], 0.5)
            self._area_labels.append((label, path.boundingRect()))
        self._add_wards(scene, label_font)
        # The RVP is drawn on its own, never merged into a group: a commander finds it at any zoom.
        points = self._points = [p for p in scene.points if p.entity != "rvp"]
        self._rvp = [p for p in scene.points if p.entity == "rvp"]
        self.legend.set_wards(bool(scene.lines), rvp=bool(self._rvp),
                              numbers=any(p.entity == "station" and p.key for p in points),
                              venues=frozenset(p.level for p in points if p.entity == "venue"))
        self._xs = np.array([p.x for p in points], dtype=float)
        self._ys = np.array([p.y for p in points], dtype=float)
        self._ranks = np.array([LEVEL_RANK.get(p.level, 0) for p in points], dtype=np.int64)
        self._index = {(p.entity, p.id): n for n, p in enumerate(points)}
        minx, miny, maxx, maxy = scene.bounds
        self._bounds = QRectF(minx, -maxy, maxx - minx, maxy - miny)
        # Room around the plan, so a place near its edge can still be centred.
        graphics.setSceneRect(self._bounds.adjusted(-self._bounds.width() / 2, -self._bounds.height() / 2,
                                                    self._bounds.width() / 2, self._bounds.height() / 2))
        self.fit()

    def _add_wards(self, scene: MapScene, font: QFont) -> None:
        """Ward boundaries faint and dashed over the areas, each ward's name in grey beneath the markers."""
        pen = QPen(QColor("#8497ab"), 0, Qt.PenStyle.DashLine)
        self.ward_items: list[QGraphicsItem] = []
        for line in scene.lines:
            path = QPainterPath()
            path.addPolygon(QPolygonF([QPointF(x, -y) for x, y in line.points]))
            item = self.scene().addPath(path, pen)
            item.setZValue(0.2)
            self.ward_items.append(item)
        self._ward_labels: list[QGraphicsItem] = []
        for name in scene.names:
            label = self.scene().addSimpleText(name.name, font)
            label.setBrush(QColor("#44607d"))
            self._ward_labels.append(_fixed(label, name.x, name.y, 0.4))
        self.ward_items += self._ward_labels

    def _place_ward_labels(self, taken: Taken) -> None:
        """A ward's name centred on its part of the map where nothing is placed yet; hidden where something is."""
        for label in getattr(self, "_ward_labels", []):
            size = label.boundingRect()
            anchor = self.mapFromScene(label.pos())
            label.setVisible(False)
            place_clear(label, anchor, size, taken, (-0.5, 0.7, -1.7))

    def fit(self) -> None:
        self._frame(self._bounds)
        self._fitted = True  # a resize keeps the whole plan in view until the SPOC zooms
        self.relayout()

    def pixels_per_metre(self) -> float:
        return self.transform().m11() or 1.0

    def relayout(self) -> None:
        """Redraw markers and labels for the current zoom and view."""
        scene = self._scene_data
        if scene is None:
            return
        graphics = self.scene()
        for item in self._markers:
            graphics.removeItem(item)
        self._markers = []
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        margin = max(visible.width(), visible.height()) * 0.1
        window = (visible.left() - margin, -visible.bottom() - margin, visible.right() + margin, -visible.top() + margin)
        clusters = cluster_points(self._xs, self._ys, self._ranks, CLUSTER_PIXELS / self.pixels_per_metre(), window)
        port = self.viewport().rect()
        # The north arrow and scale bar keep their corners: no label is set over them.
        taken = Taken(port.width(), port.height(), (QRectF(port.width() - 46, 6, 36, 54),
                                                    QRectF(8, port.height() - 42, 220, 42)))
        for rvp in self._rvp:
            self._add_rvp(rvp.x, rvp.y, taken)
        order = np.argsort(-clusters.worst, kind="stable")  # the worst places claim label room first
        singles: list[tuple[int, float]] = []
        for n in order:
            if clusters.count[n] == 1:
                singles.append((int(clusters.first[n]), self._add_point(int(clusters.first[n]), taken)))
            else:
                x, y = float(clusters.x[n]), float(clusters.y[n])
                radius = self._add_cluster(x, y, int(clusters.count[n]), int(clusters.worst[n]))
                centre = self.mapFromScene(QPointF(x, -y))
                taken.append(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius))
        # Labels after every mark is down, so none covers a mark: the flagged places' first, then each
        # station's number (as its table prints it) wherever the zoom leaves room beside its dot. A flagged
        # venue whose name finds no room is keyed by a short number to the list beside the map.
        keyed: list[tuple[str, str, str]] = []
        for n, radius in singles:
            point = self._points[n]
            if point.entity == "station" and point.key:
                self._add_label(point.key, point.x, point.y, radius, taken, bold=point.flagged)
            elif point.flagged and not self._add_label(point.label, point.x, point.y, radius, taken, bold=True):
                key = venue_key_text(sum(1 for entry in keyed if entry[0]) + 1)
                keyed.append((key if self._add_label(key, point.x, point.y, radius, taken, bold=True) else "",
                              point.label, point.level))
        if self._take_key_room(keyed):
            self.relayout()
            return
        self._place_area_labels(taken)
        self._place_ward_labels(taken)
        if self._highlighted_key is not None:
            self._draw_ring(*self._highlighted_key)

    def _add_point(self, n: int, taken: Taken) -> float:
        """A place's marker, its room taken so no label covers it; returns its radius."""
        point = self._points[n]
        radius = 6.0 if point.flagged else 4.5
        rect = QRectF(-radius, -radius, 2 * radius, 2 * radius)
        item = self.scene().addRect(rect) if point.entity == "venue" else self.scene().addEllipse(rect)
        item.setPen(self._pens[point.flagged])
        item.setBrush(self._brushes.get(point.level, QBrush(QColor("#888888"))))
        item.setToolTip(plain_tip(point.label))
        item.setData(ENTITY_ROLE, point.entity)
        item.setData(ID_ROLE, point.id)
        self._markers.append(_fixed(item, point.x, point.y, 2 if point.flagged else 1))
        centre = self.mapFromScene(QPointF(point.x, -point.y))
        taken.append(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius))
        return radius

    def _add_rvp(self, x: float, y: float, taken: Taken) -> None:
        """The rendezvous point as the police map prints it: a white square ringed in black, labelled RVP."""
        item = self.scene().addRect(QRectF(-7, -7, 14, 14), QPen(INK, 2.4), QBrush(QColor("white")))
        self.scene().addRect(QRectF(-2.5, -2.5, 5, 5), QPen(Qt.PenStyle.NoPen), QBrush(INK)).setParentItem(item)
        item.setToolTip("RVP (rendezvous point)")
        item.setData(ENTITY_ROLE, "rvp")
        self._markers.append(_fixed(item, x, y, 4))
        centre = self.mapFromScene(QPointF(x, -y))
        taken.append(QRectF(centre.x() - 8, centre.y() - 8, 16, 16))
        self._add_label("RVP", x, y, 8, taken, bold=True)

    def _add_label(self, text: str, x: float, y: float, offset: float, taken: Taken, bold: bool = False) -> bool:
        """A label beside its point, unless it would overlap one already placed; whether it was placed."""
        anchor = self.viewportTransform().map(QPointF(x, -y))  # unrounded, so neighbours placed edge to edge stay apart
        font = QFont()
        font.setBold(bold)
        label = self.scene().addSimpleText(text, font)
        size = label.boundingRect()
        w, h = size.width(), size.height()
        # Right, left, below, above; a flagged place's name (never set over a mark) tries the corners too.
        corners = ((offset, -offset - h), (offset, offset), (-offset - w, -offset - h), (-offset - w, offset))
        for dx, dy in ((offset + 2, -h / 2), (-offset - 2 - w, -h / 2), (-w / 2, offset + 1), (-w / 2, -offset - 1 - h),
                       *(corners if bold else ())):
            screen = QRectF(anchor.x() + dx, anchor.y() + dy, size.width(), size.height())
            # Wholly in view, or not at all: a number cut at the edge would read as another.
            if taken.clear_of(screen):
                taken.append(screen)
                label.setBrush(INK)
                _fixed(label, x, y, 3)
                label.setTransform(QTransform.fromTranslate(dx, dy))
                self._markers.append(label)
                return True
        self.scene().removeItem(label)
        return False

    def _add_cluster(self, x: float, y: float, count: int, worst: int) -> float:
        # A neutral disc with the count; its rim takes the worst rating inside, so
        # a national map shows where the flagged places are without turning red all over.
        text = self.scene().addSimpleText(cluster_figure(count), self._cluster_font)
        # The disc grows with its count, and always holds its figure; thousands are shortened ("1.3k", the exact
        # count in the tooltip) so neighbouring discs on a national map do not cover each other's figures.
        radius = max(8 + 2.5 * math.log10(count), text.boundingRect().width() / 2 + 3)
        level = RANK_LEVEL.get(worst, "green")
        rim = QPen(QColor(RISK_PALETTE.get(level, ("#888888",))[0]), 3 if worst > 0 else 1.5)
        item = self.scene().addEllipse(QRectF(-radius, -radius, 2 * radius, 2 * radius), rim, QBrush(CLUSTER_FILL))
        flagged = "; includes flagged places" if worst > 0 else ""
        item.setToolTip(f"{count:,} places here{flagged}. Click or zoom in to see them.")
        item.setData(ENTITY_ROLE, "cluster")
        self._markers.append(_fixed(item, x, y, 1.5 + worst / 10))
        text.setBrush(QColor("white"))
        text.setParentItem(item)
        box = text.boundingRect()
        text.setPos(-box.width() / 2, -box.height() / 2)
        return radius

    def _place_area_labels(self, taken: Taken) -> None:
        """A constituency's name where its area has room, nudged clear of markers and labels."""
        for label, area_rect in self._area_labels:
            screen_area = self.mapFromScene(area_rect).boundingRect()
            size = label.boundingRect()
            label.setVisible(False)
            if screen_area.width() < size.width() * 1.2 or screen_area.height() < size.height() * 2:
                continue
            anchor = self.mapFromScene(label.pos())
            place_clear(label, anchor, size, taken, (0.0, 1.5, -1.5, 3.0, -3.0, 4.5, -4.5))

    # --- navigation -------------------------------------------------------------
    def zoom_to_record(self, entity: str, record_id: int, span_m: float = 3000.0) -> bool:
        n = self._index.get((entity, record_id))
        if n is None:
            return False
        x, y = float(self._xs[n]), float(self._ys[n])
        self._frame(QRectF(x - span_m / 2, -y - span_m / 2, span_m, span_m))
        self._fitted = False
        self.relayout()
        return True

    def zoom_to_constituency(self, constituency_id: int) -> bool:
        rect = self._area_rects.get(constituency_id)
        if rect is None:
            return False
        self._frame(rect.adjusted(-rect.width() * 0.05, -rect.height() * 0.05, rect.width() * 0.05, rect.height() * 0.05))
        self._fitted = False
        self.relayout()
        return True

    def set_place_mode(self, on: bool) -> None:
        """When on, a click gives a location for a new venue or event instead of selecting."""
        self.place_mode = on
        self.setDragMode(QGraphicsView.DragMode.NoDrag if on else QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.OpenHandCursor)

    # --- events -------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        self._set_margins()
        super().resizeEvent(event)
        if self._scene_data is None or self._framing:
            return
        if self._fitted:  # refitted as it stands: a resize keeps the venue key's strip, taken or not
            self.fitInView(self._bounds, Qt.AspectRatioMode.KeepAspectRatio)
            self.relayout()
        else:
            self._relayout_timer.start()

    def wheelEvent(self, event) -> None:  # noqa: N802
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.scale(factor, factor)
        self._fitted = False
        self._relayout_timer.start()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        super().scrollContentsBy(dx, dy)
        self._relayout_timer.start()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        position = self.mapToScene(event.position().toPoint())
        if self.place_mode and event.button() == Qt.MouseButton.LeftButton:
            self.location_clicked.emit(position.x(), -position.y())
            return
        for item in self.items(event.position().toPoint()):
            entity = item.data(ENTITY_ROLE)
            if entity in ("station", "venue"):
                self.item_clicked.emit(entity, int(item.data(ID_ROLE)))
                self.highlight(entity, int(item.data(ID_ROLE)))
                break
            if entity == "cluster":
                self.centerOn(item)
                self.scale(3, 3)
                self._fitted = False
                self.relayout()
                return
        super().mousePressEvent(event)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
        if self._scene_data is None:
            return
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view = self.viewport().rect()
        draw_scale_bar(painter, QPointF(16, view.height() - 14), 1.0 / self.pixels_per_metre())
        draw_north_arrow(painter, QPointF(view.width() - 28, 10))
        painter.restore()

    # --- highlighting ---------------------------------------------------------------
    def highlight(self, entity: str, record_id: int | None) -> bool:
        """Ring a station or venue at its own position (drawn even inside a cluster)."""
        if self._highlight is not None:
            self.scene().removeItem(self._highlight)
            self._highlight = None
        self._highlighted_key = None
        if record_id is None or (entity, record_id) not in self._index:
            return False
        self._highlighted_key = (entity, record_id)
        self.centerOn(self._draw_ring(entity, record_id))
        return True

    def _draw_ring(self, entity: str, record_id: int) -> QGraphicsEllipseItem:
        if self._highlight is not None:
            self.scene().removeItem(self._highlight)
        n = self._index[(entity, record_id)]
        ring = self._highlight = self.scene().addEllipse(QRectF(-13, -13, 26, 26), QPen(QColor("#1565c0"), 3))
        _fixed(ring, float(self._xs[n]), float(self._ys[n]), 5)
        return ring

    @property
    def highlighted(self) -> bool:
        return self._highlight is not None

    def ring_position(self) -> tuple[float, float] | None:
        """Where the highlight ring is, as easting and northing."""
        if self._highlight is None:
            return None
        return self._highlight.pos().x(), -self._highlight.pos().y()

    def marker_count(self) -> int:
        return sum(1 for item in self._markers if item.data(ENTITY_ROLE) in ("station", "venue", "cluster"))

