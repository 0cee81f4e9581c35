#pragma once

#include <connectioninfo.h>
#include <resourcepath.h>

#include <QDialog>
#include <QPointer>

QT_BEGIN_NAMESPACE
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

/// The users of a database: create, rename (replace with a new id, after confirmation),
/// delete, and open a user's permissions. Non-modal: open it with show().
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
    QPushButton *renameButton() const { return m_rename; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *permissionsButton() const { return m_permissions; }
    MessageLine *messageLine() const { return m_message; }
    bool isBusy() const { return m_busy; }

    void reload();
    void createUser();
    void renameSelected();
    void deleteSelected();
    PermissionsDialog *openPermissions();
    void selectUser(const QString &id);

Q_SIGNALS:
    void loaded();
    void changed();
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
    QPushButton *m_rename;
    QPushButton *m_delete;
    QPushButton *m_permissions;
    QPushButton *m_reload;
    MessageLine *m_message;
};

} // namespace Manage
