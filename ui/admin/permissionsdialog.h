#pragma once

#include <connectioninfo.h>
#include <resourcepath.h>

#include <QDialog>
#include <QJsonObject>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
}

namespace Manage {

class JsonListModel;
class MessageLine;
class SourceEditor;

/// The permissions of one user: list (mode, resource, partition key), create, create or
/// replace (upsert), replace, delete; the resource is picked from the account's containers.
/// Selecting a permission reads it again (get_permission: a fresh resource token) and shows
/// it; the token can be copied, or used to open a connection.
class PermissionsDialog : public QDialog
{
    Q_OBJECT
public:
    PermissionsDialog(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &user,
                      QWidget *parent = nullptr);

    JsonListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *idEdit() const { return m_id; }
    QComboBox *modeBox() const { return m_mode; }
    QComboBox *resourceBox() const { return m_resource; }
    QLineEdit *partitionKeyEdit() const { return m_partitionKey; }
    QSpinBox *expiryBox() const { return m_expiry; }
    QLineEdit *tokenEdit() const { return m_token; }
    QPushButton *createButton() const { return m_create; }
    QPushButton *upsertButton() const { return m_upsert; }
    SourceEditor *permissionJson() const { return m_json; }
    QPushButton *replaceButton() const { return m_replace; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *copyButton() const { return m_copy; }
    QPushButton *openConnectionButton() const { return m_openConnection; }
    MessageLine *messageLine() const { return m_message; }
    bool resourcesLoaded() const { return m_resourcesLoaded; }

    void reload();
    void createPermission();
    /// upsert_permission: creates the permission, or replaces the one with the form's id.
    void upsertPermission();
    /// get_permission: reads the selected permission (with a fresh _token) and shows it.
    void readSelected();
    void replaceSelected();
    void deleteSelected();
    void copyToken();
    void openConnection();
    void selectPermission(const QString &id);
    /// The connection a token gives: same endpoint and TLS trust, the token for its resource.
    Cosmos::ConnectionInfo connectionFor(const QJsonObject &permission,
                                         Cosmos::CosmosError *error) const;

Q_SIGNALS:
    void loaded();
    void changed();
    /// The selected permission was read: `permission` carries a fresh _token.
    void permissionRead(const QJsonObject &permission);
    void openConnectionRequested(const Cosmos::ConnectionInfo &info, const QString &title);

private:
    void writePermission(bool upsert);
    QJsonObject selected() const;
    QJsonObject formBody(Cosmos::CosmosError *error) const;
    void showSelected();
    void loadResources();
    void setBusy(bool busy, const QString &text = {});

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_user;
    bool m_busy = false;
    bool m_resourcesLoaded = false;
    JsonListModel *m_model;
    QTableView *m_view;
    QLineEdit *m_id;
    QComboBox *m_mode;
    QComboBox *m_resource;
    QLineEdit *m_partitionKey;
    QSpinBox *m_expiry;
    QLineEdit *m_token;
    QPushButton *m_create;
    QPushButton *m_upsert;
    QPushButton *m_replace;
    QPushButton *m_delete;
    QPushButton *m_copy;
    QPushButton *m_openConnection;
    QPushButton *m_reload;
    SourceEditor *m_json;
    QPointer<QObject> m_read; ///< owns the read in flight; replaced by the next one
    MessageLine *m_message;
};

} // namespace Manage
