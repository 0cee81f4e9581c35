#pragma once

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <memory>

QT_BEGIN_NAMESPACE
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;
QT_END_NAMESPACE

namespace Cosmos {
namespace Arm {
class ArmClient;
struct Account;
} // namespace Arm
namespace Entra {
class TokenCredential;
}
} // namespace Cosmos

namespace Cosmoscope {

class AccountSession;
class AzureTreeModel;
class ConnectionController;
class SecretStore;

/// The "Azure" explorer: after an Entra sign-in, its tenants › subscriptions › Cosmos DB
/// accounts (AzureTreeModel), filterable by account name. Opening an account connects with the
/// same sign-in (Entra on the data plane); "Use account keys" fetches the keys with listKeys
/// instead (kept in the keychain only).
class AzurePanel : public QWidget
{
    Q_OBJECT
public:
    AzurePanel(ConnectionController *connections, SecretStore *secrets, QWidget *parent = nullptr);

    AzureTreeModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

    /// Opens the account at `index` (of the view's model) with Entra, or with its keys.
    AccountSession *openAccount(const QModelIndex &index);
    void openWithKeys(const QModelIndex &index);

Q_SIGNALS:
    /// "Use account keys" opened an account (or failed: `session` null, `error` says why).
    void keysOpened(Cosmoscope::AccountSession *session, const QString &error);

private:
    void onSessionOpened(AccountSession *session);
    void onSessionClosing(AccountSession *session);
    void showMenu(const QPoint &pos);

    struct SignIn
    {
        std::shared_ptr<Cosmos::Entra::TokenCredential> credential;
        QString caFile;
        bool allowUntrustedLocalhost = false;
        QPointer<AccountSession> session;
    };

    QPointer<ConnectionController> m_connections;
    QPointer<SecretStore> m_secrets;
    AzureTreeModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTreeView *m_view;
    QHash<Cosmos::Arm::ArmClient *, SignIn> m_signIns;
};

} // namespace Cosmoscope
