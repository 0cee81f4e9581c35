#include "azuretreemodel.h"

#include "icons.h"

#include <QJsonArray>

namespace Cosmoscope {

using namespace Cosmos;
using namespace Cosmos::Arm;

struct AzureTreeModel::Node
{
    NodeKind kind = NodeKind::Root;
    QString name;
    QString id; ///< tenant id, subscription id
    Account account;
    QPointer<ArmClient> arm; ///< roots
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    enum class State { NotLoaded, Loading, Loaded, Failed } state = State::NotLoaded;
    Node *status = nullptr; ///< the Loading / Error / LoadMore child, last
    QString nextLink;       ///< LoadMore: where to continue
    QString errorText;
    int generation = 0; ///< bumped on refresh: late answers are dropped

    bool isLevel() const
    {
        return kind == NodeKind::Root || kind == NodeKind::Tenant || kind == NodeKind::Subscription;
    }
    int row() const
    {
        if (!parent)
            return 0;
        for (size_t i = 0; i < parent->children.size(); ++i) {
            if (parent->children[i].get() == this)
                return int(i);
        }
        return 0;
    }
};

AzureTreeModel::AzureTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

AzureTreeModel::~AzureTreeModel() = default;

int AzureTreeModel::addRoot(const QString &title, ArmClient *arm)
{
    const int row = int(m_root->children.size());
    beginInsertRows({}, row, row);
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::Root;
    node->name = title;
    node->arm = arm;
    node->parent = m_root.get();
    m_root->children.push_back(std::move(node));
    endInsertRows();
    return row;
}

void AzureTreeModel::removeRoot(ArmClient *arm)
{
    for (size_t i = 0; i < m_root->children.size(); ++i) {
        if (m_root->children[i]->arm == arm) {
            beginRemoveRows({}, int(i), int(i));
            m_root->children.erase(m_root->children.begin() + int(i));
            endRemoveRows();
            return;
        }
    }
}

void AzureTreeModel::setRootTitle(ArmClient *arm, const QString &title)
{
    for (const auto &root : m_root->children) {
        if (root->arm == arm && root->name != title) {
            root->name = title;
            const QModelIndex index = indexFor(root.get());
            Q_EMIT dataChanged(index, index, {Qt::DisplayRole});
        }
    }
}

AzureTreeModel::Node *AzureTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex AzureTreeModel::indexFor(Node *node) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), 0, node);
}

AzureTreeModel::Node *AzureTreeModel::rootOf(Node *node) const
{
    while (node && node->parent != m_root.get())
        node = node->parent;
    return node;
}

ArmClient *AzureTreeModel::armClient(const QModelIndex &index) const
{
    Node *root = rootOf(nodeFor(index));
    return root ? root->arm.data() : nullptr;
}

AzureTreeModel::NodeKind AzureTreeModel::kind(const QModelIndex &index) const
{
    return nodeFor(index)->kind;
}

Account AzureTreeModel::account(const QModelIndex &index) const
{
    const Node *node = nodeFor(index);
    return node->kind == NodeKind::Account ? node->account : Account();
}

QModelIndex AzureTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    Node *p = nodeFor(parent);
    if (row >= int(p->children.size()))
        return {};
    return createIndex(row, 0, p->children[size_t(row)].get());
}

QModelIndex AzureTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexFor(nodeFor(child)->parent);
}

int AzureTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int AzureTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

bool AzureTreeModel::hasChildren(const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    if (node == m_root.get())
        return !node->children.empty();
    if (node->isLevel() && node->state == Node::State::NotLoaded)
        return true;
    return !node->children.empty();
}

QVariant AzureTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *node = nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
        switch (node->kind) {
        case NodeKind::Loading:
            return tr("Loading…");
        case NodeKind::LoadMore:
            return tr("Load more…");
        case NodeKind::Error:
            return tr("Error: %1").arg(node->name);
        default:
            return node->name;
        }
    case Qt::ToolTipRole:
        switch (node->kind) {
        case NodeKind::Error:
            return node->errorText + tr("\nDouble-click to retry.");
        case NodeKind::Tenant:
            return tr("Tenant %1").arg(node->id);
        case NodeKind::Subscription:
            return tr("Subscription %1").arg(node->id);
        case NodeKind::Account:
            return tr("%1\n%2\nResource group %3 · %4%5")
                .arg(node->account.name,
                     node->account.documentEndpoint.toString(),
                     node->account.resourceGroup,
                     node->account.location,
                     node->account.disableLocalAuth ? tr(" · keys disabled (Entra ID only)")
                                                    : QString());
        default:
            return {};
        }
    case Qt::DecorationRole:
        return node->kind == NodeKind::Account ? QVariant(Icons::account()) : QVariant();
    default:
        return {};
    }
}

bool AzureTreeModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    return node != m_root.get() && node->isLevel() && node->state == Node::State::NotLoaded;
}

void AzureTreeModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    // Views call fetchMore while they handle a change: insert the Loading node afterwards.
    Node *node = nodeFor(parent);
    node->state = Node::State::Loading;
    const int generation = node->generation;
    QMetaObject::invokeMethod(
        this,
        [this, node, generation] {
            if (isLive(node, generation))
                startFetch(node, QString());
        },
        Qt::QueuedConnection);
}

bool AzureTreeModel::isLive(const Node *node, int generation) const
{
    std::vector<const Node *> stack{m_root.get()};
    while (!stack.empty()) {
        const Node *n = stack.back();
        stack.pop_back();
        if (n == node)
            return n->generation == generation;
        for (const auto &c : n->children)
            stack.push_back(c.get());
    }
    return false;
}

void AzureTreeModel::setStatus(Node *node,
                               NodeKind kind,
                               const QString &text,
                               const QString &nextLink)
{
    if (node->status) {
        const int row = node->status->row();
        beginRemoveRows(indexFor(node), row, row);
        node->children.erase(node->children.begin() + row);
        node->status = nullptr;
        endRemoveRows();
    }
    if (kind == NodeKind::Root)
        return; // no status
    const int row = int(node->children.size());
    beginInsertRows(indexFor(node), row, row);
    auto status = std::make_unique<Node>();
    status->kind = kind;
    status->name = text.section(QLatin1Char('\n'), 0, 0).left(120);
    status->errorText = text;
    status->nextLink = nextLink;
    status->parent = node;
    node->status = status.get();
    node->children.push_back(std::move(status));
    endInsertRows();
}

void AzureTreeModel::appendChildren(Node *node, std::vector<std::unique_ptr<Node>> children)
{
    if (children.empty())
        return;
    const int first = int(node->children.size()) - (node->status ? 1 : 0);
    beginInsertRows(indexFor(node), first, first + int(children.size()) - 1);
    for (auto &child : children) {
        child->parent = node;
        node->children.insert(node->children.begin() + first + (&child - &children[0]),
                              std::move(child));
    }
    endInsertRows();
}

void AzureTreeModel::finishFetch(Node *node, const CosmosError &error, const QString &nextLink)
{
    if (error.isError()) {
        node->state = Node::State::Failed;
        setStatus(node, NodeKind::Error, error.message, nextLink);
    } else {
        node->state = Node::State::Loaded;
        setStatus(
            node, nextLink.isEmpty() ? NodeKind::Root : NodeKind::LoadMore, QString(), nextLink);
    }
    Q_EMIT childrenLoaded(indexFor(node), error);
}

void AzureTreeModel::startFetch(Node *node, const QString &nextLink)
{
    Node *root = rootOf(node);
    if (!root || !root->arm)
        return;
    ArmClient *arm = root->arm;
    node->state = Node::State::Loading;
    setStatus(node, NodeKind::Loading, QString(), QString());
    const int generation = node->generation;
    // The node may be removed (refresh, root removed) before the answer: find it again.
    const auto alive = [this, node, generation] { return isLive(node, generation); };
    switch (node->kind) {
    case NodeKind::Root:
        arm->listAll(QStringLiteral("/tenants"),
                     resourcesApiVersion(),
                     this,
                     [this, node, alive](const QJsonArray &values, const CosmosError &e) {
                         if (!alive())
                             return;
                         std::vector<std::unique_ptr<Node>> list;
                         for (const QJsonValue &v : values) {
                             const QJsonObject o = v.toObject();
                             auto n = std::make_unique<Node>();
                             n->kind = NodeKind::Tenant;
                             n->id = o.value(QStringLiteral("tenantId")).toString();
                             const QString name = o.value(QStringLiteral("displayName")).toString();
                             n->name = name.isEmpty() ? n->id : name;
                             list.push_back(std::move(n));
                         }
                         appendChildren(node, std::move(list));
                         finishFetch(node, e, QString());
                     });
        break;
    case NodeKind::Tenant:
        arm->listAll(QStringLiteral("/subscriptions"),
                     resourcesApiVersion(),
                     this,
                     [this, node, alive](const QJsonArray &values, const CosmosError &e) {
                         if (!alive())
                             return;
                         std::vector<std::unique_ptr<Node>> list;
                         for (const QJsonValue &v : values) {
                             const QJsonObject o = v.toObject();
                             const QString tenant = o.value(QStringLiteral("tenantId")).toString();
                             if (!tenant.isEmpty()
                                 && tenant.compare(node->id, Qt::CaseInsensitive) != 0)
                                 continue;
                             auto n = std::make_unique<Node>();
                             n->kind = NodeKind::Subscription;
                             n->id = o.value(QStringLiteral("subscriptionId")).toString();
                             const QString name = o.value(QStringLiteral("displayName")).toString();
                             n->name = name.isEmpty() ? n->id : name;
                             list.push_back(std::move(n));
                         }
                         appendChildren(node, std::move(list));
                         finishFetch(node, e, QString());
                     });
        break;
    case NodeKind::Subscription: {
        const QString path = nextLink.isEmpty()
                                 ? QStringLiteral("/subscriptions/%1/providers/"
                                                  "Microsoft.DocumentDB/databaseAccounts")
                                       .arg(node->id)
                                 : nextLink;
        arm->request("GET",
                     path,
                     {},
                     documentDbApiVersion(),
                     this,
                     [this, node, alive](const ArmResponse &r) {
                         if (!alive())
                             return;
                         std::vector<std::unique_ptr<Node>> list;
                         for (const QJsonValue &v :
                              r.json.value(QStringLiteral("value")).toArray()) {
                             if (!isNoSqlAccount(v.toObject()))
                                 continue;
                             auto n = std::make_unique<Node>();
                             n->kind = NodeKind::Account;
                             n->account = Account::fromJson(v.toObject());
                             n->name = n->account.name;
                             list.push_back(std::move(n));
                         }
                         appendChildren(node, std::move(list));
                         finishFetch(node,
                                     r.error,
                                     r.ok() ? r.json.value(QStringLiteral("nextLink")).toString()
                                            : QString());
                     });
        break;
    }
    default:
        break;
    }
}

void AzureTreeModel::activateStatusNode(const QModelIndex &index)
{
    Node *node = nodeFor(index);
    if (node->kind != NodeKind::LoadMore && node->kind != NodeKind::Error)
        return;
    Node *owner = node->parent;
    const QString nextLink = node->nextLink; // the status node goes away with the fetch
    startFetch(owner, nextLink);
}

void AzureTreeModel::clearChildren(Node *node)
{
    if (node->children.empty())
        return;
    beginRemoveRows(indexFor(node), 0, int(node->children.size()) - 1);
    node->children.clear();
    node->status = nullptr;
    endRemoveRows();
}

void AzureTreeModel::refresh(const QModelIndex &index)
{
    Node *node = nodeFor(index);
    while (node && !node->isLevel())
        node = node->parent;
    if (!node || node == m_root.get())
        return;
    ++node->generation;
    clearChildren(node);
    startFetch(node, QString());
}

} // namespace Cosmoscope
