#include "permissionsdialog.h"

#include "jsonlistmodel.h"
#include "manageutil.h"
#include "sourceeditor.h"

#include <cosmosclient.h>
#include <partitionkey.h>
#include <validation.h>

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>

using namespace Cosmos;

namespace Manage {

static QString pkText(const QJsonObject &permission)
{
    const QJsonValue pk = permission.value(QStringLiteral("resourcePartitionKey"));
    if (pk.isUndefined() || pk.isNull())
        return {};
    const QJsonArray a = pk.toArray();
    return prettyJson(a.size() == 1 ? a.first() : pk).simplified();
}

PermissionsDialog::PermissionsDialog(CosmosClient *client, const ResourcePath &user, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_user(user)
    , m_model(new JsonListModel({{tr("Permission"), QStringLiteral("id"), {}},
                                 {tr("Mode"), QStringLiteral("permissionMode"), {}},
                                 {tr("Resource"), QStringLiteral("resource"), {}},
                                 {tr("Partition key"), {}, pkText}},
                                this))
    , m_view(new QTableView(this))
    , m_id(new QLineEdit(this))
    , m_mode(new QComboBox(this))
    , m_resource(new QComboBox(this))
    , m_partitionKey(new QLineEdit(this))
    , m_expiry(new QSpinBox(this))
    , m_token(new QLineEdit(this))
    , m_create(new QPushButton(tr("&Create"), this))
    , m_upsert(new QPushButton(tr("Create or replace (&upsert)"), this))
    , m_replace(new QPushButton(tr("Re&place"), this))
    , m_delete(new QPushButton(tr("&Delete"), this))
    , m_copy(new QPushButton(tr("Cop&y token"), this))
    , m_openConnection(new QPushButton(tr("&Open connection with this token"), this))
    , m_reload(new QPushButton(tr("&Reload"), this))
    , m_json(new SourceEditor(SourceEditor::Language::Json, this))
    , m_message(new MessageLine(this))
{
    setWindowTitle(tr("Permissions — user %1 (database %2)").arg(user.id(), user.databaseId()));
    setAttribute(Qt::WA_DeleteOnClose);
    m_view->setObjectName(QStringLiteral("permissions"));
    m_view->setModel(m_model);
    setUpListView(m_view);
    m_id->setObjectName(QStringLiteral("permissionId"));
    m_mode->setObjectName(QStringLiteral("permissionMode"));
    m_mode->addItem(tr("Read"), QStringLiteral("Read"));
    m_mode->addItem(tr("All (read and write)"), QStringLiteral("All"));
    m_resource->setObjectName(QStringLiteral("permissionResource"));
    m_resource->setEditable(true); // a deeper link (…/docs/{id}) may be typed
    m_resource->setMinimumContentsLength(30);
    m_partitionKey->setObjectName(QStringLiteral("permissionPartitionKey"));
    m_partitionKey->setPlaceholderText(tr("optional, JSON value: limit to one logical partition"));
    m_expiry->setObjectName(QStringLiteral("tokenExpiry"));
    m_expiry->setRange(0, 5 * 3600 * 24);
    m_expiry->setSpecialValueText(tr("service default (1 hour)"));
    m_expiry->setSuffix(tr(" s"));
    m_token->setObjectName(QStringLiteral("resourceToken"));
    m_token->setReadOnly(true);
    m_token->setPlaceholderText(tr("select a permission to see its resource token"));
    m_create->setObjectName(QStringLiteral("createPermission"));
    m_upsert->setObjectName(QStringLiteral("upsertPermission"));
    m_upsert->setToolTip(tr("Creates the permission, or replaces the one that has this id"));
    m_json->setObjectName(QStringLiteral("permissionJson"));
    m_json->setReadOnly(true);
    m_json->setMarginWidth(0, 0);
    m_replace->setObjectName(QStringLiteral("replacePermission"));
    m_delete->setObjectName(QStringLiteral("deletePermission"));
    m_copy->setObjectName(QStringLiteral("copyToken"));
    m_openConnection->setObjectName(QStringLiteral("openConnection"));

    auto form = new QFormLayout;
    form->addRow(tr("&Id:"), m_id);
    form->addRow(tr("&Mode:"), m_mode);
    form->addRow(tr("&Resource:"), m_resource);
    form->addRow(tr("Partition &key:"), m_partitionKey);
    form->addRow(tr("Token &lifetime:"), m_expiry);
    auto editButtons = new QHBoxLayout;
    editButtons->addWidget(m_create);
    editButtons->addWidget(m_upsert);
    editButtons->addWidget(m_replace);
    editButtons->addWidget(m_delete);
    editButtons->addStretch();
    form->addRow(QString(), editButtons);
    auto tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_copy);
    form->addRow(tr("Token:"), tokenRow);
    form->addRow(QString(), m_openConnection);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_reload, QDialogButtonBox::ResetRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_view);
    split->addWidget(m_json);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(900, 600);

    connect(m_create, &QPushButton::clicked, this, &PermissionsDialog::createPermission);
    connect(m_upsert, &QPushButton::clicked, this, &PermissionsDialog::upsertPermission);
    connect(m_replace, &QPushButton::clicked, this, &PermissionsDialog::replaceSelected);
    connect(m_delete, &QPushButton::clicked, this, &PermissionsDialog::deleteSelected);
    connect(m_copy, &QPushButton::clicked, this, &PermissionsDialog::copyToken);
    connect(m_openConnection, &QPushButton::clicked, this, &PermissionsDialog::openConnection);
    connect(m_reload, &QPushButton::clicked, this, &PermissionsDialog::reload);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PermissionsDialog::showSelected);
    setBusy(false);
    loadResources();
    reload();
}

QJsonObject PermissionsDialog::selected() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QJsonObject() : m_model->object(rows.first().row());
}

void PermissionsDialog::selectPermission(const QString &id)
{
    selectId(m_view, m_model, id);
}

void PermissionsDialog::setBusy(bool busy, const QString &text)
{
    m_busy = busy;
    if (busy)
        m_message->showBusy(text);
    else if (m_message->level() == MessageLine::Level::Busy)
        m_message->clear();
    const QJsonObject p = selected();
    const bool hasToken = !p.value(QStringLiteral("_token")).toString().isEmpty();
    m_create->setEnabled(!busy);
    m_upsert->setEnabled(!busy);
    m_replace->setEnabled(!busy && !p.isEmpty());
    m_delete->setEnabled(!busy && !p.isEmpty());
    m_copy->setEnabled(hasToken);
    m_openConnection->setEnabled(hasToken);
    m_reload->setEnabled(!busy);
}

void PermissionsDialog::showSelected()
{
    const QJsonObject p = selected();
    if (!p.isEmpty()) {
        m_id->setText(p.value(QStringLiteral("id")).toString());
        m_mode->setCurrentIndex(qMax(0, m_mode->findData(p.value(QStringLiteral("permissionMode")).toString())));
        m_resource->setEditText(p.value(QStringLiteral("resource")).toString());
        m_partitionKey->setText(pkText(p));
        m_token->setText(p.value(QStringLiteral("_token")).toString());
        m_json->setText(prettyJson(p));
    } else {
        m_token->clear();
        m_json->clear();
    }
    setBusy(m_busy);
    readSelected();
}

void PermissionsDialog::readSelected()
{
    delete m_read; // a newer selection wins: abort the read in flight
    const QString id = selected().value(QStringLiteral("id")).toString();
    if (id.isEmpty() || !m_client)
        return;
    RequestOptions options;
    options.resourceTokenExpirySeconds = m_expiry->value();
    m_read = new QObject(this);
    m_client->read(m_user.child(ResourceKind::Permission, id), options, m_read,
                   [this, id](const CosmosResponse &r) {
        m_read->deleteLater();
        if (!r.ok())
            return m_message->showError(r.error, tr("Could not read permission \"%1\"").arg(id));
        const QJsonObject p = r.object();
        m_model->replaceObject(m_model->rowOf(id), p);
        if (selected().value(QStringLiteral("id")).toString() == id) {
            m_token->setText(p.value(QStringLiteral("_token")).toString());
            m_json->setText(prettyJson(p));
            setBusy(m_busy);
        }
        Q_EMIT permissionRead(p);
    });
}

void PermissionsDialog::loadResources()
{
    // Every container of the account: list databases, then each database's containers.
    if (!m_client)
        return;
    fetchAll(m_client, ResourcePath::databases(), this,
             [this](const QJsonArray &dbs, const CosmosError &e, double) {
        if (e.isError()) {
            m_resource->setToolTip(tr("Could not list the databases: %1").arg(errorText(e)));
            m_resourcesLoaded = true;
            return;
        }
        auto remaining = std::make_shared<int>(int(dbs.size()));
        if (*remaining == 0)
            m_resourcesLoaded = true;
        for (const QJsonValue &db : dbs) {
            const QString dbId = db.toObject().value(QStringLiteral("id")).toString();
            m_resource->addItem(QStringLiteral("dbs/%1").arg(dbId));
            fetchAll(m_client, ResourcePath::database(dbId).feed(ResourceKind::Container), this,
                     [this, dbId, remaining](const QJsonArray &colls, const CosmosError &, double) {
                const int at = m_resource->findText(QStringLiteral("dbs/%1").arg(dbId));
                int i = at + 1;
                for (const QJsonValue &c : colls) {
                    const QString link = QStringLiteral("dbs/%1/colls/%2")
                                             .arg(dbId, c.toObject().value(QStringLiteral("id")).toString());
                    m_resource->insertItem(i++, link);
                }
                if (--*remaining == 0)
                    m_resourcesLoaded = true;
            });
        }
    });
}

void PermissionsDialog::reload()
{
    if (!m_client)
        return;
    const QString keep = selected().value(QStringLiteral("id")).toString();
    setBusy(true, tr("Listing permissions…"));
    fetchAll(m_client, m_user.feed(ResourceKind::Permission), this,
             [this, keep](const QJsonArray &perms, const CosmosError &e, double charge) {
        m_model->setObjects(perms);
        setBusy(false);
        if (e.isError())
            m_message->showError(e, tr("Could not list the permissions"));
        else
            m_message->showInfo(
                tr("%1 (%2).")
                    .arg(countText(perms.size(), tr("permission"), tr("permissions")),
                         QStringLiteral("%1"))
                    .arg(chargeText(charge)));
        selectPermission(keep);
        Q_EMIT loaded();
    });
}

QJsonObject PermissionsDialog::formBody(CosmosError *error) const
{
    const QString id = m_id->text().trimmed();
    *error = validateId(id, tr("permission id"));
    if (error->isError())
        return {};
    const QString resource = m_resource->currentText().trimmed();
    if (resource.isEmpty()) {
        *error = CosmosError::invalidInput(tr("Pick the resource the permission grants."));
        return {};
    }
    QJsonObject body{{QStringLiteral("id"), id},
                     {QStringLiteral("permissionMode"), m_mode->currentData().toString()},
                     {QStringLiteral("resource"), resource}};
    const QString pk = m_partitionKey->text().trimmed();
    if (!pk.isEmpty()) {
        const PartitionKey key = PartitionKey::fromJsonText(pk, error);
        if (error->isError())
            return {};
        body.insert(QStringLiteral("resourcePartitionKey"), key.components());
    }
    return body;
}

void PermissionsDialog::createPermission()
{
    writePermission(false);
}

void PermissionsDialog::upsertPermission()
{
    writePermission(true);
}

void PermissionsDialog::writePermission(bool upsert)
{
    CosmosError e;
    const QJsonObject body = formBody(&e);
    if (e.isError())
        return m_message->showError(e);
    RequestOptions options;
    options.resourceTokenExpirySeconds = m_expiry->value();
    const QString id = body.value(QStringLiteral("id")).toString();
    setBusy(true, upsert ? tr("Creating or replacing permission %1…").arg(id)
                         : tr("Creating permission %1…").arg(id));
    const auto done = [this, id, upsert](const CosmosResponse &r) {
        setBusy(false);
        if (!r.ok()) {
            return m_message->showError(r.error,
                                        upsert ? tr("Could not create or replace permission \"%1\"").arg(id)
                                               : tr("Could not create permission \"%1\"").arg(id));
        }
        m_model->upsertObject(r.object());
        selectPermission(id);
        if (upsert)
            showSelected();
        m_message->showInfo((r.status == 201 ? tr("Created permission \"%1\" (%2).")
                                             : tr("Replaced permission \"%1\" (%2)."))
                                .arg(id, chargeText(r.requestCharge)));
        Q_EMIT changed();
    };
    const ResourcePath feed = m_user.feed(ResourceKind::Permission);
    if (upsert)
        m_client->upsert(feed, body, options, this, done);
    else
        m_client->create(feed, body, options, this, done);
}

void PermissionsDialog::replaceSelected()
{
    const QString from = selected().value(QStringLiteral("id")).toString();
    CosmosError e;
    const QJsonObject body = formBody(&e);
    if (from.isEmpty())
        return m_message->showError(tr("Select the permission to replace."));
    if (e.isError())
        return m_message->showError(e);
    RequestOptions options;
    options.resourceTokenExpirySeconds = m_expiry->value();
    setBusy(true, tr("Replacing permission %1…").arg(from));
    m_client->replace(m_user.child(ResourceKind::Permission, from), body, options, this,
                      [this, from](const CosmosResponse &r) {
        setBusy(false);
        if (!r.ok())
            return m_message->showError(r.error, tr("Could not replace permission \"%1\"").arg(from));
        m_model->replaceObject(m_model->rowOf(from), r.object());
        selectPermission(r.object().value(QStringLiteral("id")).toString());
        showSelected();
        m_message->showInfo(tr("Replaced permission \"%1\" (%2).").arg(from, chargeText(r.requestCharge)));
        Q_EMIT changed();
    });
}

void PermissionsDialog::deleteSelected()
{
    const QString id = selected().value(QStringLiteral("id")).toString();
    if (id.isEmpty())
        return;
    if (!confirm(this, tr("Delete permission"),
                 tr("Delete permission \"%1\"? Its tokens stop working.").arg(id)))
        return;
    setBusy(true, tr("Deleting permission %1…").arg(id));
    m_client->remove(m_user.child(ResourceKind::Permission, id), {}, this,
                     [this, id](const CosmosResponse &r) {
        setBusy(false);
        if (!r.ok())
            return m_message->showError(r.error, tr("Could not delete permission \"%1\"").arg(id));
        m_model->removeObject(m_model->rowOf(id));
        m_token->clear();
        m_message->showInfo(tr("Deleted permission \"%1\" (%2).").arg(id, chargeText(r.requestCharge)));
        Q_EMIT changed();
    });
}

void PermissionsDialog::copyToken()
{
    if (m_token->text().isEmpty())
        return;
    QApplication::clipboard()->setText(m_token->text());
    m_message->showInfo(tr("The resource token is on the clipboard."));
}

ConnectionInfo PermissionsDialog::connectionFor(const QJsonObject &permission,
                                                CosmosError *error) const
{
    const ConnectionInfo &current = m_client->connection();
    ConnectionInfo info = ConnectionInfo::fromResourceToken(
        current.endpoint.toString(QUrl::FullyEncoded), permission.value(QStringLiteral("resource")).toString(),
        permission.value(QStringLiteral("_token")).toString(), error);
    info.caCertificateFile = current.caCertificateFile;
    info.allowUntrustedLocalhost = current.allowUntrustedLocalhost;
    return info;
}

void PermissionsDialog::openConnection()
{
    const QJsonObject p = selected();
    if (p.isEmpty() || !m_client)
        return;
    CosmosError e;
    const ConnectionInfo info = connectionFor(p, &e);
    if (e.isError())
        return m_message->showError(e, tr("Cannot use this token"));
    Q_EMIT openConnectionRequested(info, tr("%1 (token of %2)")
                                             .arg(p.value(QStringLiteral("resource")).toString(),
                                                  m_user.id()));
    m_message->showInfo(tr("Opened a connection that uses the token of permission \"%1\".")
                            .arg(p.value(QStringLiteral("id")).toString()));
}

} // namespace Manage
