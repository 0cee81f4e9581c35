#include "accounttreemodel.h"

#include "icons.h"

#include <armdiscovery.h>

#include <QColor>

#include <QJsonArray>

namespace Cosmoscope {

using Cosmos::ResourceKind;
using Cosmos::ResourcePath;

struct AccountTreeModel::Node
{
    NodeKind kind = NodeKind::Root;
    QString name;
    ResourcePath path;                              ///< the resource (folders: the owner)
    ResourceKind childKind = ResourceKind::Account; ///< lazy nodes: what they list
    QString armId; ///< Azure nodes: the tenant id, subscription id, ARM account id
    QJsonObject resource;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    quint64 serial = 0;
    int accountId = 0;

    enum class State { NotLoaded, Loading, Loaded, Failed };
    bool lazy = false;
    State state = State::NotLoaded;
    int generation = 0;
    int dynamicCount = 0;   ///< listed children come first …
    Node *status = nullptr; ///< … then Loading / Error / LoadMore, then static folders
    QString continuation;   ///< a LoadMore node: where to continue
    QString errorText;      ///< an Error node: the full message

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
    ResourcePath feed() const { return path.feed(childKind); }
};

AccountTreeModel::AccountTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

AccountTreeModel::~AccountTreeModel() = default;

AccountTreeModel::Node *AccountTreeModel::makeNode(Node *parent, int kind, const QString &name)
{
    auto node = new Node;
    node->kind = NodeKind(kind);
    node->name = name;
    node->parent = parent;
    node->accountId = parent ? parent->accountId : 0;
    node->serial = m_nextSerial++;
    m_nodes.insert(node->serial, node);
    return node;
}

void AccountTreeModel::addStaticChildren(Node *node)
{
    const auto folder = [this, node](const QString &name, ResourceKind kind, bool lazy) {
        Node *f = makeNode(node, int(NodeKind::Folder), name);
        f->path = node->path;
        f->childKind = kind;
        f->lazy = lazy;
        node->children.emplace_back(f);
    };
    if (node->kind == NodeKind::Database) {
        folder(tr("Users"), ResourceKind::User, true);
    } else if (node->kind == NodeKind::Container) {
        folder(tr("Items"), ResourceKind::Item, false);
        folder(tr("Stored procedures"), ResourceKind::StoredProcedure, true);
        folder(tr("Triggers"), ResourceKind::Trigger, true);
        folder(tr("UDFs"), ResourceKind::Udf, true);
        folder(tr("Conflicts"), ResourceKind::Conflict, true);
    }
}

int AccountTreeModel::addTopLevel(int kind, const QString &name)
{
    const int id = m_nextAccountId++;
    const int row = int(m_root->children.size());
    beginInsertRows({}, row, row);
    Node *node = makeNode(m_root.get(), kind, name);
    node->accountId = id;
    node->lazy = true;
    node->childKind = ResourceKind::Database;
    m_root->children.emplace_back(node);
    endInsertRows();
    return id;
}

int AccountTreeModel::addAccount(const QString &name, ExplorerBackend *backend)
{
    const int id = m_nextAccountId; // registered before the rows appear: views fetch at once
    m_backends.insert(id, backend);
    return addTopLevel(int(NodeKind::Account), name);
}

int AccountTreeModel::addAzureRoot(const QString &title, AzureBackend *backend)
{
    const int id = m_nextAccountId;
    m_azureBackends.insert(id, backend);
    return addTopLevel(int(NodeKind::AzureRoot), title);
}

void AccountTreeModel::removeAccount(int accountId)
{
    const QModelIndex index = accountIndex(accountId);
    if (!index.isValid())
        return;
    beginRemoveRows({}, index.row(), index.row());
    unregister(m_root->children[index.row()].get());
    m_root->children.erase(m_root->children.begin() + index.row());
    endRemoveRows();
    m_backends.remove(accountId);
    m_azureBackends.remove(accountId);
    m_accountDetails.remove(accountId);
    m_accountToolTips.remove(accountId);
}

void AccountTreeModel::setAccountDetail(int accountId,
                                        const QString &detail,
                                        const QString &toolTip)
{
    m_accountDetails.insert(accountId, detail);
    m_accountToolTips.insert(accountId, toolTip.isEmpty() ? detail : toolTip);
    const QModelIndex index = accountIndex(accountId);
    if (index.isValid())
        Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::ToolTipRole});
}

QModelIndex AccountTreeModel::accountIndex(int accountId) const
{
    for (size_t i = 0; i < m_root->children.size(); ++i) {
        if (m_root->children[i]->accountId == accountId)
            return createIndex(int(i), 0, m_root->children[i].get());
    }
    return {};
}

QList<int> AccountTreeModel::accountIds() const
{
    QList<int> ids;
    for (const auto &child : m_root->children) {
        if (child->kind == NodeKind::Account)
            ids << child->accountId;
    }
    return ids;
}

QList<int> AccountTreeModel::azureRootIds() const
{
    QList<int> ids;
    for (const auto &child : m_root->children) {
        if (child->kind == NodeKind::AzureRoot)
            ids << child->accountId;
    }
    return ids;
}

AccountTreeModel::Node *AccountTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex AccountTreeModel::indexFor(Node *node) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), 0, node);
}

AccountTreeModel::NodeKind AccountTreeModel::kind(const QModelIndex &index) const
{
    return nodeFor(index)->kind;
}

ResourcePath AccountTreeModel::path(const QModelIndex &index) const
{
    return nodeFor(index)->path;
}

ResourceKind AccountTreeModel::childKind(const QModelIndex &index) const
{
    return nodeFor(index)->childKind;
}

int AccountTreeModel::accountId(const QModelIndex &index) const
{
    return nodeFor(index)->accountId;
}

QJsonObject AccountTreeModel::resource(const QModelIndex &index) const
{
    return nodeFor(index)->resource;
}

bool AccountTreeModel::isLoading(const QModelIndex &index) const
{
    return nodeFor(index)->state == Node::State::Loading;
}

QModelIndex AccountTreeModel::findChild(const QModelIndex &parent, const QString &name) const
{
    const Node *node = nodeFor(parent);
    for (size_t i = 0; i < node->children.size(); ++i) {
        if (node->children[i]->name == name)
            return createIndex(int(i), 0, node->children[i].get());
    }
    return {};
}

QModelIndex AccountTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    const Node *node = nodeFor(parent);
    if (row >= int(node->children.size()))
        return {};
    return createIndex(row, 0, node->children[row].get());
}

QModelIndex AccountTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexFor(nodeFor(child)->parent);
}

int AccountTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int AccountTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

bool AccountTreeModel::hasChildren(const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    if (node->lazy
        && (node->state == Node::State::NotLoaded || node->state == Node::State::Loading))
        return true;
    return !node->children.empty();
}

QVariant AccountTreeModel::data(const QModelIndex &index, int role) const
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
        case NodeKind::Account:
        case NodeKind::AzureRoot:
            if (const QString detail = m_accountDetails.value(node->accountId); !detail.isEmpty())
                return tr("%1 (%2)").arg(node->name, detail);
            return node->name;
        default:
            return node->name;
        }
    case Qt::ToolTipRole:
        switch (node->kind) {
        case NodeKind::AzureRoot:
            return tr("Cosmos DB accounts of your Azure subscriptions\nSigned in: %1")
                .arg(m_accountToolTips.value(node->accountId, tr("not yet")));
        case NodeKind::Tenant:
            return tr("Tenant %1\n%2").arg(node->name, node->armId);
        case NodeKind::Subscription:
            return tr("Subscription %1\n%2").arg(node->name, node->armId);
        case NodeKind::AzureAccount: {
            const Cosmos::Arm::Account a = Cosmos::Arm::Account::fromJson(node->resource);
            return tr("%1\n%2\nResource group %3 · %4\n%5")
                .arg(a.name,
                     a.documentEndpoint.toString(),
                     a.resourceGroup,
                     a.location,
                     a.disableLocalAuth
                         ? tr("Keys disabled: double-click to open with Microsoft Entra ID.")
                         : tr("Double-click to open with Microsoft Entra ID; the context menu "
                              "also opens it with its keys."));
        }
        default:
            break;
        }
        if (node->kind == NodeKind::Error)
            return node->errorText + tr("\nDouble-click or press F5 to retry.");
        if (node->kind == NodeKind::Container) {
            const QJsonArray paths = node->resource.value(QStringLiteral("partitionKey"))
                                         .toObject()
                                         .value(QStringLiteral("paths"))
                                         .toArray();
            QStringList list;
            for (const QJsonValue &p : paths)
                list << p.toString();
            return tr("Container %1\nPartition key: %2")
                .arg(node->name, list.join(QStringLiteral(", ")));
        }
        if (node->kind == NodeKind::Account) {
            if (const QString tip = m_accountToolTips.value(node->accountId); !tip.isEmpty())
                return tr("%1\nSigned in: %2").arg(node->name, tip);
            return node->name;
        }
        return {};
    case Qt::DecorationRole:
        switch (node->kind) {
        case NodeKind::Account:
        case NodeKind::AzureAccount:
            return Icons::account();
        case NodeKind::AzureRoot:
        case NodeKind::Tenant:
        case NodeKind::Subscription:
            return Icons::folder();
        case NodeKind::Database:
            return Icons::database();
        case NodeKind::Container:
            return Icons::container();
        case NodeKind::Folder:
            return node->childKind == ResourceKind::Item ? Icons::items() : Icons::folder();
        case NodeKind::User:
            return Icons::user();
        case NodeKind::Resource:
            switch (node->path.kind()) {
            case ResourceKind::Permission:
                return Icons::permission();
            case ResourceKind::Conflict:
                return Icons::conflict();
            default:
                return Icons::script();
            }
        case NodeKind::Loading:
            return Icons::loading();
        case NodeKind::Error:
            return Icons::error();
        case NodeKind::LoadMore:
            return Icons::loadMore();
        case NodeKind::Root:
            return {};
        }
        return {};
    case Qt::ForegroundRole:
        if (node->kind == NodeKind::Error)
            return QColor(0xc0, 0x1c, 0x28);
        if (node->kind == NodeKind::Loading || node->kind == NodeKind::LoadMore)
            return QColor(0x60, 0x60, 0x60);
        return {};
    default:
        return {};
    }
}

Qt::ItemFlags AccountTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (nodeFor(index)->kind == NodeKind::Loading)
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

bool AccountTreeModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    return node->lazy && node->state == Node::State::NotLoaded;
}

void AccountTreeModel::fetchMore(const QModelIndex &parent)
{
    Node *node = nodeFor(parent);
    if (!node->lazy || node->state != Node::State::NotLoaded)
        return;
    startFetch(node, {}, true);
}

void AccountTreeModel::startFetch(Node *node, const QString &continuation, bool deferStatus)
{
    ExplorerBackend *backend = m_backends.value(node->accountId);
    AzureBackend *azure = m_azureBackends.value(node->accountId);
    if (!backend && !azure)
        return;
    node->state = Node::State::Loading;
    const quint64 serial = node->serial;
    const int generation = node->generation;
    if (deferStatus) {
        // Views call fetchMore() while they lay out: insert the "Loading…" row on the next
        // turn of the event loop instead of inside that call.
        QMetaObject::invokeMethod(
            this,
            [this, serial, generation] {
                Node *n = m_nodes.value(serial);
                if (n && n->generation == generation && n->state == Node::State::Loading)
                    setStatus(n, int(NodeKind::Loading), {}, {});
            },
            Qt::QueuedConnection);
    } else {
        setStatus(node, int(NodeKind::Loading), {}, {});
    }
    const auto done
        = [this, serial, generation](const ListPage &page) { onPage(serial, generation, page); };
    if (!azure) {
        backend->list(node->feed(), continuation, this, done);
        return;
    }
    const AzureBackend::Level level
        = node->kind == NodeKind::AzureRoot ? AzureBackend::Level::Tenants
          : node->kind == NodeKind::Tenant  ? AzureBackend::Level::Subscriptions
                                            : AzureBackend::Level::Accounts;
    azure->list(level, node->armId, continuation, this, done);
}

AccountTreeModel::Node *AccountTreeModel::makeListedChild(Node *parent, const QJsonObject &object)
{
    const auto text = [&object](const char *key, const char *fallback) {
        const QString value = object.value(QLatin1String(key)).toString();
        return value.isEmpty() ? object.value(QLatin1String(fallback)).toString() : value;
    };
    Node *child = nullptr;
    switch (parent->kind) {
    case NodeKind::AzureRoot:
        child = makeNode(parent, int(NodeKind::Tenant), text("displayName", "tenantId"));
        child->armId = object.value(QStringLiteral("tenantId")).toString();
        child->lazy = true;
        break;
    case NodeKind::Tenant:
        child
            = makeNode(parent, int(NodeKind::Subscription), text("displayName", "subscriptionId"));
        child->armId = object.value(QStringLiteral("subscriptionId")).toString();
        child->lazy = true;
        break;
    case NodeKind::Subscription:
        child = makeNode(parent, int(NodeKind::AzureAccount), text("name", "id"));
        child->armId = object.value(QStringLiteral("id")).toString();
        break;
    default: {
        const ResourceKind kind = parent->childKind;
        NodeKind childNodeKind = NodeKind::Resource;
        if (kind == ResourceKind::Database)
            childNodeKind = NodeKind::Database;
        else if (kind == ResourceKind::Container)
            childNodeKind = NodeKind::Container;
        else if (kind == ResourceKind::User)
            childNodeKind = NodeKind::User;
        const QString id = object.value(QStringLiteral("id")).toString();
        child = makeNode(parent, int(childNodeKind), id);
        child->path = parent->path.child(kind, id);
        if (childNodeKind == NodeKind::Database) {
            child->lazy = true;
            child->childKind = ResourceKind::Container;
        } else if (childNodeKind == NodeKind::User) {
            child->lazy = true;
            child->childKind = ResourceKind::Permission;
        }
        addStaticChildren(child);
        break;
    }
    }
    child->resource = object;
    return child;
}

void AccountTreeModel::onPage(quint64 serial, int generation, const ListPage &page)
{
    Node *node = m_nodes.value(serial);
    if (!node || node->generation != generation || node->state != Node::State::Loading)
        return; // refreshed or removed meanwhile: a stale page
    removeStatus(node);
    if (page.error.isError()) {
        node->state = Node::State::Failed;
        setStatus(node, int(NodeKind::Error), page.error.toString(), {});
        node->status->errorText = page.error.toString();
        Q_EMIT childrenLoaded(indexFor(node), page.error);
        return;
    }
    if (!page.resources.isEmpty()) {
        const int first = node->dynamicCount;
        const int last = first + int(page.resources.size()) - 1;
        beginInsertRows(indexFor(node), first, last);
        int row = first;
        for (const QJsonValue &value : page.resources) {
            Node *child = makeListedChild(node, value.toObject());
            node->children.insert(node->children.begin() + row, std::unique_ptr<Node>(child));
            ++row;
        }
        node->dynamicCount += int(page.resources.size());
        endInsertRows();
    }
    node->state = Node::State::Loaded;
    if (!page.continuation.isEmpty())
        setStatus(node, int(NodeKind::LoadMore), {}, page.continuation);
    Q_EMIT childrenLoaded(indexFor(node), {});
}

void AccountTreeModel::setStatus(Node *node,
                                 int statusKind,
                                 const QString &text,
                                 const QString &continuation)
{
    removeStatus(node);
    const int row = node->dynamicCount;
    beginInsertRows(indexFor(node), row, row);
    Node *status = makeNode(node, statusKind, text);
    status->continuation = continuation;
    status->path = node->path;
    node->children.insert(node->children.begin() + row, std::unique_ptr<Node>(status));
    node->status = status;
    endInsertRows();
}

void AccountTreeModel::removeStatus(Node *node)
{
    if (!node->status)
        return;
    const int row = node->dynamicCount;
    beginRemoveRows(indexFor(node), row, row);
    unregister(node->children[row].get());
    node->children.erase(node->children.begin() + row);
    node->status = nullptr;
    endRemoveRows();
}

void AccountTreeModel::clearDynamic(Node *node)
{
    removeStatus(node);
    if (node->dynamicCount > 0) {
        beginRemoveRows(indexFor(node), 0, node->dynamicCount - 1);
        for (int i = 0; i < node->dynamicCount; ++i)
            unregister(node->children[i].get());
        node->children.erase(node->children.begin(), node->children.begin() + node->dynamicCount);
        node->dynamicCount = 0;
        endRemoveRows();
    }
}

void AccountTreeModel::unregister(Node *node)
{
    m_nodes.remove(node->serial);
    for (const auto &child : node->children)
        unregister(child.get());
}

AccountTreeModel::Node *AccountTreeModel::lazyOwner(Node *node) const
{
    while (node && node != m_root.get() && !node->lazy)
        node = node->parent;
    return node == m_root.get() ? nullptr : node;
}

void AccountTreeModel::refresh(const QModelIndex &index)
{
    Node *node = nodeFor(index);
    if (node->kind == NodeKind::Container) {
        // A container has fixed folders: reload those that were opened.
        for (const auto &child : node->children) {
            if (child->lazy && child->state != Node::State::NotLoaded)
                refresh(indexFor(child.get()));
        }
        return;
    }
    node = lazyOwner(node);
    if (!node)
        return;
    ++node->generation;
    clearDynamic(node);
    node->state = Node::State::NotLoaded;
    startFetch(node, {});
}

void AccountTreeModel::activateStatusNode(const QModelIndex &index)
{
    Node *status = nodeFor(index);
    Node *owner = status->parent;
    if (!owner || owner->status != status)
        return;
    if (status->kind == NodeKind::LoadMore && owner->state == Node::State::Loaded) {
        const QString continuation = status->continuation; // the status node is replaced
        startFetch(owner, continuation);
    } else if (status->kind == NodeKind::Error)
        refresh(indexFor(owner));
}

} // namespace Cosmoscope
