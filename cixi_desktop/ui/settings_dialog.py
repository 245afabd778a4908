"""Settings: the interface language (saved in the shared settings file; applies on restart)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from cixi_desktop import settings

LANGUAGES = (("zh_CN", "中文（简体）"), ("en", "English"))


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("设置"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 24)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox(self)
        self.language.setObjectName("settingsLanguage")
        for code, name in LANGUAGES:  # each language named in itself
            self.language.addItem(name, code)
        saved = str(settings.load().get("language") or "zh_CN")
        self.language.setCurrentIndex(max(self.language.findData(saved), 0))
        form.addRow(self.tr("界面语言(&L)"), self.language)
        layout.addLayout(form)
        note = QLabel(self.tr("更改语言后，重新启动程序才会生效。"), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def accept(self) -> None:
        try:
            settings.save({"language": self.chosen_language()})
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("设置"),
                self.tr("无法保存设置到 %1：%2")
                .replace("%1", str(settings.settings_path()))
                .replace("%2", exc.strerror or str(exc)),
            )
            return
        super().accept()
