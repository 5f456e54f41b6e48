package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// DistributionParameters are the CloudFront settings DhakaCart sets. CloudFront is global: no region.
type DistributionParameters struct {
	// Extra CNAMEs (alternate domain names), if any, for this distribution.
	// +listType=set
	// +optional
	Aliases []*string `json:"aliases,omitempty"`
	// Any comments you want to include about the distribution.
	// +optional
	Comment *string `json:"comment,omitempty"`
	// Default cache behavior for this distribution (maximum one).
	// +optional
	DefaultCacheBehavior *DefaultCacheBehaviorParameters `json:"defaultCacheBehavior,omitempty"`
	// Whether the distribution is enabled to accept end user requests for content.
	// +optional
	Enabled *bool `json:"enabled,omitempty"`
	// Maximum HTTP version to support on the distribution.
	// +optional
	HTTPVersion *string `json:"httpVersion,omitempty"`
	// Whether the IPv6 is enabled for the distribution.
	// +optional
	IsIPv6Enabled *bool `json:"isIpv6Enabled,omitempty"`
	// One or more origins for this distribution (multiples allowed).
	// +optional
	Origin []OriginParameters `json:"origin,omitempty"`
	// Price class for this distribution. One of PriceClass_All, PriceClass_200, PriceClass_100.
	// +optional
	PriceClass *string `json:"priceClass,omitempty"`
	// The restriction configuration for this distribution (maximum one).
	// +optional
	Restrictions *RestrictionsParameters `json:"restrictions,omitempty"`
	// Disables the distribution instead of deleting it when destroying the resource.
	// +optional
	RetainOnDelete *bool `json:"retainOnDelete,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
	// The SSL configuration for this distribution (maximum one).
	// +optional
	ViewerCertificate *ViewerCertificateParameters `json:"viewerCertificate,omitempty"`
	// If enabled, the resource will wait for the distribution status to change from InProgress to Deployed.
	// +optional
	WaitForDeployment *bool `json:"waitForDeployment,omitempty"`
}

// DefaultCacheBehaviorParameters is the behaviour for requests no other cache behaviour matches.
type DefaultCacheBehaviorParameters struct {
	// Controls which HTTP methods CloudFront processes and forwards to your origin.
	// +listType=set
	// +kubebuilder:validation:Optional
	AllowedMethods []*string `json:"allowedMethods"`
	// Unique identifier of the cache policy that is attached to the cache behavior.
	// +optional
	CachePolicyID *string `json:"cachePolicyId,omitempty"`
	// Controls whether CloudFront caches the response to requests using the specified HTTP methods.
	// +listType=set
	// +kubebuilder:validation:Optional
	CachedMethods []*string `json:"cachedMethods"`
	// Whether you want CloudFront to automatically compress content for web requests.
	// +optional
	Compress *bool `json:"compress,omitempty"`
	// Unique identifier of the origin request policy that is attached to the behavior.
	// +optional
	OriginRequestPolicyID *string `json:"originRequestPolicyId,omitempty"`
	// Value of ID for the origin that you want CloudFront to route requests to.
	// +kubebuilder:validation:Optional
	TargetOriginID *string `json:"targetOriginId"`
	// Use this element to specify the protocol that users can use to access the files in the origin. One of allow-all, https-only, or redirect-to-https.
	// +kubebuilder:validation:Optional
	ViewerProtocolPolicy *string `json:"viewerProtocolPolicy"`
}

// OriginParameters is one origin of the distribution.
type OriginParameters struct {
	// The CloudFront custom origin configuration information.
	// +optional
	CustomOriginConfig *CustomOriginConfigParameters `json:"customOriginConfig,omitempty"`
	// Domain name corresponding to the distribution.
	// +kubebuilder:validation:Optional
	DomainName *string `json:"domainName"`
	// Unique identifier for the origin.
	// +kubebuilder:validation:Optional
	OriginID *string `json:"originId"`
}

// CustomOriginConfigParameters is how CloudFront talks to a custom origin.
type CustomOriginConfigParameters struct {
	// HTTP port the custom origin listens on.
	// +kubebuilder:validation:Optional
	HTTPPort *float64 `json:"httpPort"`
	// HTTPS port the custom origin listens on.
	// +kubebuilder:validation:Optional
	HTTPSPort *float64 `json:"httpsPort"`
	// Origin protocol policy to apply to your origin. One of http-only, https-only, or match-viewer.
	// +kubebuilder:validation:Optional
	OriginProtocolPolicy *string `json:"originProtocolPolicy"`
	// List of SSL/TLS protocols that CloudFront can use when connecting to your origin over HTTPS.
	// +listType=set
	// +kubebuilder:validation:Optional
	OriginSSLProtocols []*string `json:"originSslProtocols"`
}

// RestrictionsParameters restricts who may see the content.
type RestrictionsParameters struct {
	// +kubebuilder:validation:Optional
	GeoRestriction *GeoRestrictionParameters `json:"geoRestriction"`
}

// GeoRestrictionParameters restricts by country.
type GeoRestrictionParameters struct {
	// ISO 3166-1-alpha-2 codes for which you want CloudFront either to distribute your content (whitelist) or not distribute your content (blacklist).
	// +listType=set
	// +optional
	Locations []*string `json:"locations,omitempty"`
	// Method that you want to use to restrict distribution of your content by country: none, whitelist, or blacklist.
	// +kubebuilder:validation:Optional
	RestrictionType *string `json:"restrictionType"`
}

// ViewerCertificateParameters is the certificate viewers see.
type ViewerCertificateParameters struct {
	// ARN of the AWS Certificate Manager certificate that you wish to use with this distribution.
	// +optional
	AcmCertificateArn *string `json:"acmCertificateArn,omitempty"`
	// true if you want viewers to use HTTPS to request your objects and you're using the CloudFront domain name for your distribution.
	// +optional
	CloudfrontDefaultCertificate *bool `json:"cloudfrontDefaultCertificate,omitempty"`
	// Minimum version of the SSL protocol that you want CloudFront to use for HTTPS connections.
	// +optional
	MinimumProtocolVersion *string `json:"minimumProtocolVersion,omitempty"`
	// How you want CloudFront to serve HTTPS requests. One of vip, sni-only, or static-ip.
	// +optional
	SSLSupportMethod *string `json:"sslSupportMethod,omitempty"`
}

// DistributionObservation is what the provider reports about the distribution.
type DistributionObservation struct {
	// ARN for the distribution.
	Arn *string `json:"arn,omitempty"`
	// Domain name corresponding to the distribution.
	DomainName *string `json:"domainName,omitempty"`
	// Identifier for the distribution.
	ID *string `json:"id,omitempty"`
	// Current status of the distribution. Deployed if the distribution's information is fully propagated throughout the Amazon CloudFront system.
	Status *string `json:"status,omitempty"`
}

// DistributionSpec defines the desired state of Distribution.
type DistributionSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                DistributionParameters `json:"forProvider"`
}

// DistributionStatus defines the observed state of Distribution.
type DistributionStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   DistributionObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Distribution is the Schema for the Distributions API. Provides a CloudFront web distribution resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Distribution struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.defaultCacheBehavior)",message="spec.forProvider.defaultCacheBehavior is a required parameter"
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.enabled)",message="spec.forProvider.enabled is a required parameter"
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.origin)",message="spec.forProvider.origin is a required parameter"
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.restrictions)",message="spec.forProvider.restrictions is a required parameter"
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.viewerCertificate)",message="spec.forProvider.viewerCertificate is a required parameter"
	Spec   DistributionSpec   `json:"spec"`
	Status DistributionStatus `json:"status,omitempty"`
}
