#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QUrl>

namespace Cosmos::Routing {

/// The account's regions and which endpoint a request goes to, as the SDKs' location cache:
/// writes go to the first writable location; reads go to the preferred regions that the
/// account has (in the order given), then to its other readable regions in the account's
/// order. An endpoint that failed (connection refused, 503) is skipped for a while unless
/// every endpoint failed. Before the account was read, everything goes to the default endpoint;
/// so it does for an account with one region (its location may name the same service by
/// another host name: localhost or 127.0.0.1, a private endpoint).
class LocationCache
{
public:
    explicit LocationCache(const QUrl &defaultEndpoint, const QStringList &preferredRegions = {});

    /// Reads `writableLocations`, `readableLocations` and the default consistency from the
    /// account document (GET /). Returns false when it names no usable location.
    bool update(const QJsonObject &account);
    bool isDiscovered() const { return m_discovered; }

    QUrl writeEndpoint() const;
    /// Endpoints for reads, best first, never empty.
    QList<QUrl> readEndpoints() const;
    /// Every known endpoint (for reading the account again): the default one first.
    QList<QUrl> allEndpoints() const;

    void markUnavailable(const QUrl &endpoint);
    /// The region name of an endpoint ("" when unknown: before discovery, or not an account's).
    QString regionOf(const QUrl &endpoint) const;
    QStringList readableRegions() const;
    QString writeRegion() const { return regionOf(writeEndpoint()); }
    /// The account's default consistency level ("" before discovery).
    QString accountConsistency() const { return m_accountConsistency; }

    /// How long a failed endpoint is skipped, as the SDKs (5 minutes).
    static constexpr int UnavailableSeconds = 300;

private:
    struct Location
    {
        QString name;
        QUrl endpoint;
    };
    bool isAvailable(const QUrl &endpoint) const;
    static QString key(const QUrl &url);

    QUrl m_default;
    QStringList m_preferred;
    QList<Location> m_writable;
    QList<Location> m_readable;
    QHash<QString, QDateTime> m_unavailableUntil;
    QString m_accountConsistency;
    bool m_discovered = false;
    QString m_singleRegion; ///< the account has one region: its name
};

} // namespace Cosmos::Routing
