#pragma once

#include <QDialog>
#include <QJsonObject>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
QT_END_NAMESPACE

namespace Cosmoscope {

class JsonEditor;

/// A save hit 412: someone changed the item. Shows the server's current version beside the
/// user's edit; the user overwrites, reloads the server version, or keeps editing. The edit
/// is never lost: "Keep editing" and closing return to the editor with the text as it was.
class ConflictDialog : public QDialog
{
    Q_OBJECT
public:
    enum Choice { KeepEditing = 0, Overwrite = 10, Reload = 11 };

    ConflictDialog(const QString &yourText, QWidget *parent = nullptr);

    /// The server's version (or why it could not be read).
    /// `raw` is the server's JSON text of the item (key order and number text kept).
    void setServerVersion(const QJsonObject &item, const QString &text, const QByteArray &raw = {});
    void setServerError(const QString &message);

    QString yourText() const;
    QJsonObject serverItem() const { return m_serverItem; }
    QByteArray serverText() const { return m_serverText; }
    JsonEditor *serverEditor() const { return m_server; }
    JsonEditor *yourEditor() const { return m_yours; }
    QPushButton *overwriteButton() const { return m_overwrite; }
    QPushButton *reloadButton() const { return m_reload; }
    QPushButton *keepEditingButton() const { return m_keep; }

private:
    JsonEditor *m_server;
    JsonEditor *m_yours;
    QLabel *m_serverLabel;
    QPushButton *m_overwrite;
    QPushButton *m_reload;
    QPushButton *m_keep;
    QJsonObject m_serverItem;
    QByteArray m_serverText;
};

} // namespace Cosmoscope
