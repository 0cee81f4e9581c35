#pragma once

#include <resourcepath.h>

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
}

namespace Manage {

class MessageLine;
class SourceEditor;

/// Editor tab for one stored procedure, trigger or user-defined function: id, trigger
/// type and operation, the JavaScript body; save (create or replace), rename (create the new
/// id, then delete the old one, after confirmation) and delete.
class ScriptEditor : public QWidget
{
    Q_OBJECT
public:
    /// `script` is an existing script (…/sprocs/{id}) to load, or a feed (…/sprocs) for a
    /// new one.
    ScriptEditor(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &script,
                 QWidget *parent = nullptr);

    Cosmos::ResourcePath path() const { return m_path; }
    Cosmos::ResourcePath containerPath() const { return m_path.parent(); }
    Cosmos::ResourceKind kind() const { return m_path.kind(); }
    bool isNew() const { return m_path.isFeed(); }
    QString title() const;

    SourceEditor *editor() const { return m_editor; }
    QLineEdit *idEdit() const { return m_id; }
    QComboBox *triggerTypeBox() const { return m_triggerType; }
    QComboBox *triggerOperationBox() const { return m_triggerOperation; }
    MessageLine *messageLine() const { return m_message; }

    /// Creates or replaces; with a changed id of an existing script, renames (asks first).
    void save();
    /// Asks for a new id, then renames.
    void rename();
    void renameTo(const QString &newId);
    /// Deletes after confirmation.
    void deleteScript();
    void reload();

Q_SIGNALS:
    void saved(const Cosmos::ResourcePath &path);
    void deleted(const Cosmos::ResourcePath &path);
    void renamed(const Cosmos::ResourcePath &from, const Cosmos::ResourcePath &to);
    void titleChanged(const QString &title);
    void executeRequested(const Cosmos::ResourcePath &sproc);

private:
    QJsonObject body(const QString &id) const;
    void setBusy(bool busy, const QString &text = {});
    void showLoaded(const QJsonObject &script);
    void updateButtons();

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_path;
    QJsonObject m_loaded;
    bool m_busy = false;
    QLineEdit *m_id;
    QComboBox *m_triggerType = nullptr;
    QComboBox *m_triggerOperation = nullptr;
    SourceEditor *m_editor;
    MessageLine *m_message;
    QLabel *m_status;
    QPushButton *m_save;
    QPushButton *m_rename;
    QPushButton *m_delete;
    QPushButton *m_execute = nullptr;
};

/// A template body for a new script of `kind`.
QString scriptTemplate(Cosmos::ResourceKind kind);

} // namespace Manage
