"""The span list: a table of the layer's spans (text, label, kind, speaker) in text order."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from annotator.core.model import Label, LabelKind
from annotator.services.annotations import SpanInfo

from .bidi_text import BidiTextDelegate, rich
from .i18n import display_name
from .label_palette import swatch
from .layer import LayerDelta, OpenLayer

Index = QModelIndex | QPersistentModelIndex
TEXT, LABEL, KIND, SPEAKER_COL = range(4)
SPAN_ID_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_SHOWN_CHARS = 80


class SpanTableModel(QAbstractTableModel):
    """Rows are the open layer's spans in text order; the label column is editable."""

    relabelRequested = Signal(int, str)
    """The user chose another label for span id (the window calls the operation)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._layer = OpenLayer.empty()
        self._rows: list[SpanInfo] = []
        self._text = ""
        self._labels: dict[str, Label] = {}

    def set_labels(self, labels: list[Label]) -> None:
        """Schema for colours."""
        self._labels = {label.name: label for label in labels}

    def set_layer(self, text: str, layer: OpenLayer) -> None:
        """Show another document's layer."""
        self.beginResetModel()
        self._text = text
        self._layer = layer
        self._rows = layer.ordered()
        self.endResetModel()

    def apply_delta(self, delta: LayerDelta) -> None:
        """Insert and remove just the rows a Change touched; refresh speakers if links moved."""
        for span in delta.removed:
            row = self._row_of(span.id)
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        # Ascending layer order makes each insertion row final (earlier ones are in place).
        placed = sorted(((self._layer.index_of(s.id), s) for s in delta.added), key=lambda p: p[0])
        for row, span in placed:
            if row < 0:
                continue
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, span)
            self.endInsertRows()
        if delta.relations_changed and self._rows:
            self.dataChanged.emit(
                self.index(0, SPEAKER_COL), self.index(len(self._rows) - 1, SPEAKER_COL)
            )

    def _row_of(self, span_id: int) -> int:
        """Row showing a span id, or -1."""
        for row, span in enumerate(self._rows):
            if span.id == span_id:
                return row
        return -1

    def row_of(self, span_id: int) -> int:
        """Row showing a span id, or -1 (the layer's order equals the rows')."""
        row = self._layer.index_of(span_id)
        return row if 0 <= row < len(self._rows) and self._rows[row].id == span_id else -1

    def span_in_row(self, row: int) -> SpanInfo:
        """The span shown in a row."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of spans (no children: it is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Text, label, kind, speaker."""
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Text"), self.tr("Label"), self.tr("Kind"), self.tr("Speaker"))[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Every cell is selectable; the label cell is editable in place."""
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == LABEL:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell contents; rows are read from the in-memory layer, never from SQL."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        span = self._rows[index.row()]
        col = index.column()
        if role == SPAN_ID_ROLE:
            return span.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == TEXT:
                return self._excerpt(span)
            if col == LABEL:
                label = self._labels.get(span.label)
                if role == Qt.ItemDataRole.EditRole or label is None:
                    return span.label
                return display_name(label)
            if col == KIND:
                return self._kind_name(span.kind)
            if col == SPEAKER_COL and span.kind == LabelKind.QUOTE:
                speaker = self._layer.speaker_of(span)
                return self._excerpt(speaker) if speaker is not None else self.tr("(none)")
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == LABEL:
            label = self._labels.get(span.label)
            return swatch(label.colour) if label else None
        if role == Qt.ItemDataRole.ToolTipRole and col == TEXT:
            return rich(self._text[span.start : span.end])
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A new label from the combo is requested, not applied: the window persists it."""
        if role != Qt.ItemDataRole.EditRole or index.column() != LABEL:
            return False
        span = self._rows[index.row()]
        if str(value) != span.label:
            self.relabelRequested.emit(span.id, str(value))
        return False

    def _excerpt(self, span: SpanInfo) -> str:
        """The span's text on one line, shortened for long quotes."""
        text = " ".join(self._text[span.start : span.end].split())
        if len(text) <= MAX_SHOWN_CHARS:
            return text
        # Cut at the logical end after a whole word (the cell elides further if narrow).
        cut = text.rfind(" ", 0, MAX_SHOWN_CHARS)
        return text[: cut if cut > 0 else MAX_SHOWN_CHARS - 1] + "…"

    def _kind_name(self, kind: LabelKind) -> str:
        """Translated kind name."""
        return {
            LabelKind.ENTITY: self.tr("entity"),
            LabelKind.QUOTE: self.tr("quote"),
            LabelKind.TOPIC: self.tr("topic"),
        }[kind]

    def retranslate(self) -> None:
        """Headers and kind names follow the interface language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 3))


class LabelDelegate(QStyledItemDelegate):
    """A combo box of the schema's labels to change a span's label in place."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.labels: list[Label] = []

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A combo listing every label, with colour swatches."""
        combo = QComboBox(parent)
        for label in self.labels:
            combo.addItem(swatch(label.colour), display_name(label), label.name)
        # One choice commits at once: no extra Enter press needed.
        combo.activated.connect(lambda _row: self._commit_and_close(combo))
        return combo

    def _commit_and_close(self, combo: QComboBox) -> None:
        """Finish the edit before the relabel (queued by the window) changes the rows."""
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Start on the span's current label."""
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Hand the chosen label to the model (which asks the window to persist it)."""
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class SpanTable(QTableView):
    """The span list widget; Delete removes the selected spans."""

    spanActivated = Signal(int)
    """A row became current: scroll the article to this span id."""
    deleteRequested = Signal(list)
    """Delete pressed with these span ids selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.span_model = SpanTableModel(self)
        self.setModel(self.span_model)
        self.delegate = LabelDelegate(self)
        self.setItemDelegateForColumn(LABEL, self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.verticalHeader().setVisible(False)
        # Span texts and speakers: one line each, in their own direction, elided logically.
        self.setWordWrap(False)
        self.text_delegate = BidiTextDelegate(self)
        self.setItemDelegateForColumn(TEXT, self.text_delegate)
        self.setItemDelegateForColumn(SPEAKER_COL, self.text_delegate)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: ResizeToContents would read all rows (5,000 spans) on every change.
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(LABEL, 110)
        header.resizeSection(KIND, 80)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(SPEAKER_COL, QHeaderView.ResizeMode.Stretch)
        self.selectionModel().currentRowChanged.connect(self._current_changed)

    def set_labels(self, labels: list[Label]) -> None:
        """Schema for the combo and swatches."""
        self.delegate.labels = list(labels)
        self.span_model.set_labels(labels)

    def selected_span_ids(self) -> list[int]:
        """Ids of the selected rows' spans."""
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.span_model.span_in_row(r).id for r in rows]

    def select_span(self, span_id: int) -> None:
        """Select a span's row without re-scrolling the article."""
        row = self.span_model.row_of(span_id)
        if row < 0:
            return
        blocker = self.selectionModel().blockSignals(True)
        try:
            self.selectRow(row)
            self.setCurrentIndex(self.span_model.index(row, TEXT))
        finally:
            self.selectionModel().blockSignals(blocker)
        self.viewport().update()
        self.scrollTo(self.span_model.index(row, TEXT))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete (or Backspace) removes the selected spans."""
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != (
            QAbstractItemView.State.EditingState
        ):
            ids = self.selected_span_ids()
            if ids:
                self.deleteRequested.emit(ids)
            event.accept()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Retranslate headers when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.span_model.retranslate()
        super().changeEvent(event)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Report the span of the new current row."""
        if current.isValid():
            self.spanActivated.emit(self.span_model.span_in_row(current.row()).id)
