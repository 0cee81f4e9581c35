#include "azurepanel.h"

#include "accountsession.h"
#include "azuretreemodel.h"
#include "connectioncontroller.h"
#include "secretstore.h"

#include <armclient.h>
#include <armdiscovery.h>
#include <controlplane.h>
#include <cosmosclient.h>
#include <tokencredential.h>

#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

#include <utility>

namespace Cosmoscope {

using namespace Cosmos;

namespace {

/// Filters accounts by name; tenants and subscriptions always stay (they load lazily).
class AccountFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        auto model = static_cast<AzureTreeModel *>(sourceModel());
        const QModelIndex index = model->index(row, 0, parent);
        if (model->kind(index) != AzureTreeModel::NodeKind::Account)
            return true;
        return QSortFilterProxyModel::filterAcceptsRow(row, parent);
    }
};

} // namespace

AzurePanel::AzurePanel(ConnectionController *connections, SecretStore *secrets, QWidget *parent)
    : QWidget(parent)
    , m_connections(connections)
    , m_secrets(secrets)
    , m_model(new AzureTreeModel(this))
    , m_proxy(new AccountFilter(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTreeView(this))
{
    setObjectName(QStringLiteral("azurePanel"));
    m_filter->setObjectName(QStringLiteral("azureFilter"));
    m_filter->setPlaceholderText(tr("Filter accounts by name"));
    m_filter->setClearButtonEnabled(true);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view->setObjectName(QStringLiteral("azureTree"));
    m_view->setModel(m_proxy);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);

    connect(
        m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        const QModelIndex source = m_proxy->mapToSource(index);
        switch (m_model->kind(source)) {
        case AzureTreeModel::NodeKind::Account:
            openAccount(index);
            break;
        case AzureTreeModel::NodeKind::LoadMore:
        case AzureTreeModel::NodeKind::Error:
            m_model->activateStatusNode(source);
            break;
        default:
            break;
        }
    });
    connect(m_view, &QTreeView::customContextMenuRequested, this, &AzurePanel::showMenu);
    if (connections) {
        connect(
            connections, &ConnectionController::sessionOpened, this, &AzurePanel::onSessionOpened);
        connect(connections,
                &ConnectionController::sessionClosing,
                this,
                &AzurePanel::onSessionClosing);
        for (AccountSession *s : connections->sessions())
            onSessionOpened(s);
    }
    setVisible(false); // shown with the first sign-in
}

void AzurePanel::onSessionOpened(AccountSession *session)
{
    const ConnectionInfo &info = session->client()->connection();
    Arm::ControlPlane *control = session->client()->controlPlane();
    if (!info.usesEntra() || !control || !control->arm())
        return;
    for (const SignIn &s : std::as_const(m_signIns)) {
        if (s.credential == info.credential)
            return; // one root per sign-in
    }
    Arm::ArmClient *arm = control->arm();
    m_signIns.insert(
        arm, {info.credential, info.caCertificateFile, info.allowUntrustedLocalhost, session});
    Entra::TokenCredential *credential = info.credential.get();
    const auto title = [credential] {
        return credential->username().isEmpty() ? tr("Azure")
                                                : tr("Azure (%1)").arg(credential->username());
    };
    m_model->addRoot(title(), arm);
    connect(credential, &Entra::TokenCredential::tokenObtained, this, [this, arm, title] {
        m_model->setRootTitle(arm, title());
    });
    setVisible(true);
    if (parentWidget())
        parentWidget()->setVisible(true);
}

void AzurePanel::onSessionClosing(AccountSession *session)
{
    for (auto it = m_signIns.begin(); it != m_signIns.end(); ++it) {
        if (it->session == session) {
            m_model->removeRoot(it.key());
            m_signIns.erase(it);
            return;
        }
    }
}

AccountSession *AzurePanel::openAccount(const QModelIndex &index)
{
    const QModelIndex source = m_proxy->mapToSource(index);
    const Arm::Account account = m_model->account(source);
    const SignIn signIn = m_signIns.value(m_model->armClient(source));
    if (account.id.isEmpty() || !signIn.credential || !m_connections)
        return nullptr;
    CosmosError error;
    ConnectionInfo info = ConnectionInfo::fromEndpointAndCredential(
        account.documentEndpoint.toString(), signIn.credential, &error);
    if (error.isError())
        return nullptr;
    info.armAccountId = account.id;
    info.caCertificateFile = signIn.caFile;
    info.allowUntrustedLocalhost = signIn.allowUntrustedLocalhost;
    return m_connections->openConnection(account.name, info);
}

void AzurePanel::openWithKeys(const QModelIndex &index)
{
    const QModelIndex source = m_proxy->mapToSource(index);
    const Arm::Account account = m_model->account(source);
    Arm::ArmClient *arm = m_model->armClient(source);
    const SignIn signIn = m_signIns.value(arm);
    if (account.id.isEmpty() || !arm)
        return;
    auto discovery = new Arm::Discovery(arm, this);
    discovery->listKeys(account.id, this, [=](const QByteArray &key, const CosmosError &e) {
        discovery->deleteLater();
        if (e.isError() || key.isEmpty() || !m_connections) {
            Q_EMIT keysOpened(nullptr, e.isError() ? e.message : tr("ARM answered no key."));
            return;
        }
        CosmosError error;
        ConnectionInfo info = ConnectionInfo::fromEndpointAndKey(
            account.documentEndpoint.toString(), QString::fromLatin1(key), &error);
        info.caCertificateFile = signIn.caFile;
        info.allowUntrustedLocalhost = signIn.allowUntrustedLocalhost;
        if (m_secrets) // the keychain only: never the settings file
            m_secrets->write(QStringLiteral("arm-key:") + account.id,
                             QString::fromLatin1(key),
                             this,
                             [](bool, const QString &) {});
        Q_EMIT keysOpened(m_connections->openConnection(tr("%1 (keys)").arg(account.name), info),
                          QString());
    });
}

void AzurePanel::showMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    const QModelIndex source = m_proxy->mapToSource(index);
    auto menu = new QMenu(m_view);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const QPersistentModelIndex persistent(index);
    if (m_model->kind(source) == AzureTreeModel::NodeKind::Account) {
        menu->addAction(tr("Open with Microsoft Entra ID"), this, [this, persistent] {
            openAccount(persistent);
        });
        menu->addAction(
            tr("Use account keys"), this, [this, persistent] { openWithKeys(persistent); });
        menu->addSeparator();
    }
    menu->addAction(tr("Refresh"), this, [this, persistent] {
        m_model->refresh(m_proxy->mapToSource(persistent));
    });
    menu->popup(m_view->viewport()->mapToGlobal(pos));
}

} // namespace Cosmoscope
