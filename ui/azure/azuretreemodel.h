#pragma once

#include <armdiscovery.h>

#include <QAbstractItemModel>
#include <QPointer>

#include <memory>
#include <vector>

namespace Cosmoscope {

/// The "Azure" tree of signed-in identities: one root per sign-in, then tenants ›
/// subscriptions › Cosmos DB for NoSQL accounts, from Azure Resource Manager. Typed levels load
/// lazily (canFetchMore/fetchMore); accounts come a page at a time with a "Load more…" node
/// while ARM answers a nextLink; a failed level shows an error node (activate it to retry).
class AzureTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class NodeKind { Root, Tenant, Subscription, Account, Loading, Error, LoadMore };
    Q_ENUM(NodeKind)

    explicit AzureTreeModel(QObject *parent = nullptr);
    ~AzureTreeModel() override;

    /// Adds a root for a sign-in (`title`: who); the model does not own `arm`. Returns its row.
    int addRoot(const QString &title, Cosmos::Arm::ArmClient *arm);
    /// Removes the root of `arm` (its account closed or signed out).
    void removeRoot(Cosmos::Arm::ArmClient *arm);
    void setRootTitle(Cosmos::Arm::ArmClient *arm, const QString &title);
    Cosmos::Arm::ArmClient *armClient(const QModelIndex &index) const;

    NodeKind kind(const QModelIndex &index) const;
    /// An Account node's account (empty otherwise).
    Cosmos::Arm::Account account(const QModelIndex &index) const;
    /// Follows a "Load more…" node, or retries an error node.
    void activateStatusNode(const QModelIndex &index);
    /// Reloads the children of a node.
    void refresh(const QModelIndex &index);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    /// A level of `parent` arrived (or failed with `error`).
    void childrenLoaded(const QModelIndex &parent, const Cosmos::CosmosError &error);

private:
    struct Node;
    Node *nodeFor(const QModelIndex &index) const;
    QModelIndex indexFor(Node *node) const;
    Node *rootOf(Node *node) const;
    void startFetch(Node *node, const QString &nextLink);
    void setStatus(Node *node, NodeKind kind, const QString &text, const QString &nextLink);
    void appendChildren(Node *node, std::vector<std::unique_ptr<Node>> children);
    void finishFetch(Node *node, const Cosmos::CosmosError &error, const QString &nextLink);
    void clearChildren(Node *node);
    /// Is `node` still in the tree, not refreshed since `generation`?
    bool isLive(const Node *node, int generation) const;

    std::unique_ptr<Node> m_root;
};

} // namespace Cosmoscope
