#pragma once

#include <connectioninfo.h>
#include <resourcepath.h>

#include <QDialog>
#include <QJsonObject>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
}

namespace Manage {

class JsonListModel;
class MessageLine;
class PermissionsDialog;
class SourceEditor;

/// The users of a database: create, create or replace (upsert), rename (replace with a new
/// id, after confirmation), delete, and open a user's permissions. Selecting a user reads it
/// (its JSON and _permissions link). Non-modal: open it with show().
class UsersDialog : public QDialog
{
    Q_OBJECT
public:
    UsersDialog(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &database,
                QWidget *parent = nullptr);

    JsonListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *idEdit() const { return m_id; }
    QPushButton *createButton() const { return m_create; }
    QPushButton *upsertButton() const { return m_upsert; }
    SourceEditor *userJson() const { return m_json; }
    QLabel *permissionsLinkLabel() const { return m_permissionsLink; }
    QPushButton *renameButton() const { return m_rename; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *permissionsButton() const { return m_permissions; }
    MessageLine *messageLine() const { return m_message; }
    bool isBusy() const { return m_busy; }

    void reload();
    void createUser();
    /// upsert_user: creates the user, or replaces the one with that id.
    void upsertUser();
    /// Reads the selected user (a fresh GET) and shows it.
    void readSelected();
    void renameSelected();
    void deleteSelected();
    PermissionsDialog *openPermissions();
    void selectUser(const QString &id);

Q_SIGNALS:
    void loaded();
    void changed();
    /// The selected user was read: `user` is the service's answer.
    void userRead(const QJsonObject &user);
    void permissionsOpened(Manage::PermissionsDialog *dialog);
    /// Forwarded from the permissions dialogs.
    void openConnectionRequested(const Cosmos::ConnectionInfo &info, const QString &title);

private:
    QString selectedId() const;
    void setBusy(bool busy, const QString &text = {});

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_database;
    bool m_busy = false;
    JsonListModel *m_model;
    QTableView *m_view;
    QLineEdit *m_id;
    QPushButton *m_create;
    QPushButton *m_upsert;
    QPushButton *m_rename;
    QPushButton *m_delete;
    QPushButton *m_permissions;
    QPushButton *m_reload;
    SourceEditor *m_json;
    QLabel *m_permissionsLink;
    QPointer<QObject> m_read; ///< owns the read in flight; replaced by the next one
    MessageLine *m_message;
};

} // namespace Manage
