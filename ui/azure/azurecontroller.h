#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>

QT_BEGIN_NAMESPACE
class QLineEdit;
class QMenu;
class QModelIndex;
class QTreeView;
class QWidget;
QT_END_NAMESPACE

namespace Cosmos::Entra {
class TokenCredential;
}

namespace Cosmoscope {

class AccountSession;
class AccountTreeModel;
class ArmExplorerBackend;
class ConnectionController;
class MessageBar;
class SecretStore;

/// The explorer tree's "Azure" root: one per Entra sign-in (added when an account signed in
/// with Entra opens, on session restore too), listing tenants › subscriptions › Cosmos DB
/// for NoSQL accounts lazily through ARM, with a filter by account name above the tree that
/// hides what does not match among the loaded accounts (it never loads more). An account
/// opens with the same sign-in (Entra on the data plane), or with its keys fetched by
/// listKeys (kept in the keychain only).
class AzureController : public QObject
{
    Q_OBJECT
public:
    AzureController(AccountTreeModel *model,
                    QTreeView *view,
                    ConnectionController *connections,
                    SecretStore *secrets,
                    MessageBar *bar,
                    QWidget *parent);
    ~AzureController() override;

    /// "Filter Azure accounts by name": shown while an Azure root exists.
    QLineEdit *filterEdit() const { return m_filter; }

    /// Opens the AzureAccount node at `index` with the sign-in that discovered it.
    AccountSession *openWithEntra(const QModelIndex &index);
    /// Fetches the account's keys (listKeys) and opens it with them; see keysOpened().
    void openWithKeys(const QModelIndex &index);
    /// The actions of an AzureAccount node (the tree's context menu, the Resource menu).
    void populateMenu(QMenu *menu, const QModelIndex &index);

Q_SIGNALS:
    /// openWithKeys() opened an account (or failed: `session` null, `error` says why).
    void keysOpened(Cosmoscope::AccountSession *session, const QString &error);

private:
    struct SignIn;
    void onSessionOpened(AccountSession *session);
    void onSessionClosing(AccountSession *session);
    void showIdentity(int rootId);
    void applyFilter(const QModelIndex &parent, int first, int last);
    const SignIn *signInAt(const QModelIndex &index) const;

    AccountTreeModel *m_model;
    QTreeView *m_view;
    QPointer<ConnectionController> m_connections;
    QPointer<SecretStore> m_secrets;
    MessageBar *m_bar;
    QLineEdit *m_filter;
    QHash<int, std::shared_ptr<SignIn>> m_signIns; ///< by Azure root id
};

} // namespace Cosmoscope
