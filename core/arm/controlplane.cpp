#include "controlplane.h"

#include "armdiscovery.h"

#include <QJsonDocument>

namespace Cosmos::Arm {

static QString armKind(ResourceKind kind)
{
    switch (kind) {
    case ResourceKind::Database:
        return QStringLiteral("sqlDatabases");
    case ResourceKind::Container:
        return QStringLiteral("containers");
    case ResourceKind::StoredProcedure:
        return QStringLiteral("storedProcedures");
    case ResourceKind::Trigger:
        return QStringLiteral("triggers");
    case ResourceKind::Udf:
        return QStringLiteral("userDefinedFunctions");
    default:
        return {};
    }
}

QString armPath(const QString &accountId, const ResourcePath &path)
{
    QString out = accountId;
    if (!path.databaseId().isEmpty())
        out += QStringLiteral("/sqlDatabases/") + path.databaseId();
    if (!path.containerId().isEmpty())
        out += QStringLiteral("/containers/") + path.containerId();
    const ResourceKind k = path.kind();
    if (!path.isFeed()
        && (k == ResourceKind::StoredProcedure || k == ResourceKind::Trigger
            || k == ResourceKind::Udf))
        out += QLatin1Char('/') + armKind(k) + QLatin1Char('/') + path.id();
    return out;
}

ControlPlane::ControlPlane(ArmClient *arm,
                           const QUrl &endpoint,
                           const QString &accountId,
                           QObject *parent)
    : QObject(parent)
    , m_arm(arm)
    , m_endpoint(endpoint)
    , m_accountId(accountId)
{
}

bool ControlPlane::handles(const CosmosRequest &r)
{
    if (armKind(r.path.kind()).isEmpty())
        return false;
    const bool script = r.path.kind() == ResourceKind::StoredProcedure
                        || r.path.kind() == ResourceKind::Trigger
                        || r.path.kind() == ResourceKind::Udf;
    if (r.verb == "POST")
        return r.path.isFeed(); // create (a POST to one stored procedure executes it)
    if (r.verb == "PUT")
        return !r.path.isFeed() && (script || r.path.kind() == ResourceKind::Container);
    if (r.verb == "DELETE")
        return !r.path.isFeed();
    return false;
}

void ControlPlane::accountId(QObject *context,
                             std::function<void(const QString &, const CosmosError &)> cb)
{
    if (!m_accountId.isEmpty())
        return cb(m_accountId, {});
    auto discovery = new Discovery(m_arm, context ? context : this);
    QPointer<ControlPlane> self(this);
    discovery->findAccount(m_endpoint, discovery, [=](const Account &a, const CosmosError &e) {
        discovery->deleteLater();
        if (self && !e.isError())
            self->m_accountId = a.id;
        cb(a.id, e);
    });
}

PendingRequest *
ControlPlane::send(const CosmosRequest &request, QObject *context, ResponseCallback callback)
{
    PendingRequest *group = PendingRequest::group(context, std::move(callback));
    QPointer<PendingRequest> guard(group);
    accountId(group, [=](const QString &id, const CosmosError &e) {
        if (!guard)
            return;
        if (e.isError()) {
            CosmosResponse r;
            r.error = e;
            return group->complete(r);
        }
        run(request, id, group);
    });
    return group;
}

ArmOperation *ControlPlane::begin(const QByteArray &verb,
                                  const QString &path,
                                  const QJsonObject &body,
                                  const QString &what,
                                  QObject *context)
{
    ArmOperation *op = m_arm->begin(verb, path, body, documentDbApiVersion(), context);
    QPointer<ControlPlane> self(this);
    connect(op, &ArmOperation::progress, this, [self, what](const QString &status) {
        if (self)
            emit self->progress(what, status);
    });
    return op;
}

static CosmosResponse toCosmos(const ArmResponse &r, int successStatus)
{
    CosmosResponse out;
    out.error = r.error;
    if (r.error.isError()) {
        out.status = r.error.status;
        return out;
    }
    out.status = successStatus;
    const QJsonObject resource = r.json.value(QStringLiteral("properties"))
                                     .toObject()
                                     .value(QStringLiteral("resource"))
                                     .toObject();
    if (successStatus != 204 && !resource.isEmpty()) {
        out.json = QJsonDocument(resource);
        out.body = out.json.toJson(QJsonDocument::Compact);
        out.etag = resource.value(QStringLiteral("_etag")).toString();
    }
    return out;
}

// ARM takes the resource's own properties, not the system ones (_rid, _ts, _etag …).
static QJsonObject armResource(const QJsonObject &body)
{
    QJsonObject r;
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!it.key().startsWith(QLatin1Char('_')))
            r.insert(it.key(), it.value());
    }
    return r;
}

void ControlPlane::run(const CosmosRequest &request,
                       const QString &accountId,
                       PendingRequest *group)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const bool create = request.verb == "POST";
    const ResourcePath target
        = create ? request.path.parent().child(request.path.kind(),
                                               body.value(QStringLiteral("id")).toString())
                 : request.path;
    const QString path = armPath(accountId, target);
    const QString what = QStringLiteral("%1 %2").arg(displayName(target.kind()), target.id());
    QPointer<PendingRequest> guard(group);
    if (request.verb == "DELETE") {
        ArmOperation *op = begin("DELETE", path, {}, what, group);
        connect(op, &ArmOperation::finished, group, [guard](const ArmResponse &r) {
            if (guard)
                guard->complete(toCosmos(r, 204));
        });
        return;
    }
    QJsonObject properties{{QStringLiteral("resource"), armResource(body)}};
    const RequestOptions &o = request.options;
    if (create && o.autoscaleMaxThroughput > 0) {
        properties.insert(QStringLiteral("options"),
                          QJsonObject{{QStringLiteral("autoscaleSettings"),
                                       QJsonObject{{QStringLiteral("maxThroughput"),
                                                    o.autoscaleMaxThroughput}}}});
    } else if (create && o.offerThroughput > 0) {
        properties.insert(QStringLiteral("options"),
                          QJsonObject{{QStringLiteral("throughput"), o.offerThroughput}});
    }
    const QJsonObject armBody{{QStringLiteral("properties"), properties}};
    const auto put = [=] {
        if (!guard)
            return;
        ArmOperation *op = begin("PUT", path, armBody, what, guard);
        connect(op, &ArmOperation::finished, guard, [guard, create](const ArmResponse &r) {
            if (guard)
                guard->complete(toCosmos(r, create ? 201 : 200));
        });
    };
    // ARM's PUT creates or replaces; a data-plane create of an existing resource is a 409,
    // and a replace of a missing one a 404: keep those answers.
    m_arm->request(
        "GET", path, {}, documentDbApiVersion(), group, [=](const ArmResponse &existing) {
            if (!guard)
                return;
            const bool exists = existing.ok();
            if (!exists && existing.status != 404) {
                return guard->complete(toCosmos(existing, 0));
            }
            if (create && exists) {
                CosmosResponse r;
                r.status = 409;
                r.error.kind = CosmosError::Kind::Service;
                r.error.status = 409;
                r.error.code = QStringLiteral("Conflict");
                r.error.message = QStringLiteral("The %1 already exists.").arg(what);
                return guard->complete(r);
            }
            if (!create && !exists) {
                return guard->complete(toCosmos(existing, 0));
            }
            put();
        });
}

static ThroughputInfo throughputFrom(const ArmResponse &r)
{
    const QJsonObject res = r.json.value(QStringLiteral("properties"))
                                .toObject()
                                .value(QStringLiteral("resource"))
                                .toObject();
    ThroughputInfo info;
    info.offer = res;
    const QJsonObject autoscale = res.value(QStringLiteral("autoscaleSettings")).toObject();
    info.autoscale = !autoscale.isEmpty();
    info.autoscaleMaxThroughput = autoscale.value(QStringLiteral("maxThroughput")).toInt();
    info.throughput = res.value(QStringLiteral("throughput")).toInt();
    info.minThroughput = res.value(QStringLiteral("minimumThroughput")).toVariant().toInt();
    return info;
}

void ControlPlane::readThroughput(const ResourcePath &resource,
                                  QObject *context,
                                  ThroughputCallback cb)
{
    QPointer<ControlPlane> self(this);
    QPointer<QObject> guard(context ? context : this);
    accountId(context, [=](const QString &id, const CosmosError &e) {
        if (!self || !guard)
            return;
        if (e.isError())
            return cb({}, e);
        m_arm->request("GET",
                       armPath(id, resource) + QStringLiteral("/throughputSettings/default"),
                       {},
                       documentDbApiVersion(),
                       context,
                       [cb](const ArmResponse &r) {
                           if (!r.ok())
                               return cb({}, r.error);
                           cb(throughputFrom(r), {});
                       });
    });
}

void ControlPlane::replaceThroughput(const ResourcePath &resource,
                                     const ThroughputSettings &settings,
                                     QObject *context,
                                     ThroughputCallback cb)
{
    QPointer<ControlPlane> self(this);
    QPointer<QObject> guard(context ? context : this);
    readThroughput(resource, context, [=](const ThroughputInfo &current, const CosmosError &e) {
        if (!self || !guard)
            return;
        if (e.isError())
            return cb({}, e);
        if (CosmosError invalid = settings.validate(current.minThroughput); invalid.isError())
            return cb(current, invalid);
        const QString base
            = armPath(m_accountId, resource) + QStringLiteral("/throughputSettings/default");
        const QString what = QStringLiteral("throughput of %1").arg(resource.id());
        const QJsonObject value
            = settings.autoscale
                  ? QJsonObject{{QStringLiteral("autoscaleSettings"),
                                 QJsonObject{{QStringLiteral("maxThroughput"), settings.value}}}}
                  : QJsonObject{{QStringLiteral("throughput"), settings.value}};
        const QJsonObject body{
            {QStringLiteral("properties"), QJsonObject{{QStringLiteral("resource"), value}}}};
        const auto put = [=] {
            if (!self || !guard)
                return;
            ArmOperation *op = begin("PUT", base, body, what, context);
            connect(op, &ArmOperation::finished, guard.data(), [cb](const ArmResponse &r) {
                if (!r.ok())
                    return cb({}, r.error);
                cb(throughputFrom(r), {});
            });
        };
        if (current.autoscale == settings.autoscale)
            return put();
        ArmOperation *migrate
            = begin("POST",
                    base
                        + (settings.autoscale ? QStringLiteral("/migrateToAutoscale")
                                              : QStringLiteral("/migrateToManualThroughput")),
                    {},
                    what,
                    context);
        connect(migrate,
                &ArmOperation::finished,
                guard.data(),
                [cb, current, put](const ArmResponse &r) {
                    if (!r.ok())
                        return cb(current, r.error);
                    put();
                });
    });
}

} // namespace Cosmos::Arm
