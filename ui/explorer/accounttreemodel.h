#pragma once

#include "explorerbackend.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QJsonObject>

#include <memory>
#include <vector>

namespace Cosmoscope {

/// The explorer tree: account › databases › containers › {Items, Stored procedures,
/// Triggers, UDFs, Conflicts}, and database › Users › permissions; after an Entra sign-in, an
/// "Azure" root › tenants › subscriptions › Cosmos DB for NoSQL accounts. Typed levels load
/// lazily (canFetchMore/fetchMore) through an ExplorerBackend (an AzureBackend for the Azure
/// root), show a "Loading…" node while a page is in flight, an error node when it failed,
/// and a "Load more…" node while a continuation remains.
class AccountTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class NodeKind {
        Root,
        Account,
        Database,
        Container,
        Folder,
        User,
        Resource,
        AzureRoot,
        Tenant,
        Subscription,
        AzureAccount, ///< an account discovered through ARM (not opened)
        Loading,
        Error,
        LoadMore
    };
    Q_ENUM(NodeKind)

    explicit AccountTreeModel(QObject *parent = nullptr);
    ~AccountTreeModel() override;

    /// Adds an account root; the model does not own `backend`. Returns the account id.
    int addAccount(const QString &name, ExplorerBackend *backend);
    /// Adds an "Azure" root listing what `backend` discovers (not owned); the id shares the
    /// accounts' numbering: removeAccount(), setAccountDetail() and accountIndex() take it.
    int addAzureRoot(const QString &title, AzureBackend *backend);
    void removeAccount(int accountId);
    /// Shown after the account's name, e.g. the signed-in identity ("ada@contoso.test, browser"),
    /// and `toolTip` (default: the detail) in the node's tooltip.
    void setAccountDetail(int accountId, const QString &detail, const QString &toolTip = {});
    QModelIndex accountIndex(int accountId) const;
    /// The opened accounts (Azure roots left out).
    QList<int> accountIds() const;
    QList<int> azureRootIds() const;

    NodeKind kind(const QModelIndex &index) const;
    /// The resource the node stands for (a folder: its owner; a leaf: the resource itself).
    Cosmos::ResourcePath path(const QModelIndex &index) const;
    /// For folders and lazy nodes: the kind of resource listed as children.
    Cosmos::ResourceKind childKind(const QModelIndex &index) const;
    int accountId(const QModelIndex &index) const;
    /// The resource JSON as listed (databases, containers, scripts …; Azure nodes: ARM's).
    QJsonObject resource(const QModelIndex &index) const;
    /// True while the node's children are being loaded.
    bool isLoading(const QModelIndex &index) const;

    /// Reloads the children of the node (or of the lazy node holding a leaf).
    void refresh(const QModelIndex &index);
    /// Follows the continuation of a "Load more…" node (or retries an error node).
    void activateStatusNode(const QModelIndex &index);
    /// Finds a direct child by its display name.
    QModelIndex findChild(const QModelIndex &parent, const QString &name) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    /// A page of children of `parent` arrived (or failed with `error`).
    void childrenLoaded(const QModelIndex &parent, const Cosmos::CosmosError &error);

private:
    struct Node;
    Node *nodeFor(const QModelIndex &index) const;
    QModelIndex indexFor(Node *node) const;
    Node *lazyOwner(Node *node) const;
    Node *makeNode(Node *parent, int kind, const QString &name);
    int addTopLevel(int kind, const QString &name);
    Node *makeListedChild(Node *parent, const QJsonObject &object);
    void addStaticChildren(Node *node);
    void startFetch(Node *node, const QString &continuation, bool deferStatus = false);
    void onPage(quint64 serial, int generation, const ListPage &page);
    void setStatus(Node *node, int statusKind, const QString &text, const QString &continuation);
    void removeStatus(Node *node);
    void clearDynamic(Node *node);
    void unregister(Node *node);

    std::unique_ptr<Node> m_root;
    QHash<quint64, Node *> m_nodes;
    QHash<int, ExplorerBackend *> m_backends;
    QHash<int, AzureBackend *> m_azureBackends;
    quint64 m_nextSerial = 1;
    int m_nextAccountId = 1;
    QHash<int, QString> m_accountDetails;
    QHash<int, QString> m_accountToolTips;
};

} // namespace Cosmoscope
