/*
 * GSSAPI stand-ins for the static release build.
 *
 * Debian's libssh.a is built with GSSAPI (Kerberos) authentication, but Debian
 * ships no static libgssapi_krb5. anvil never offers gssapi-with-mic, so every
 * entry point here fails with GSS_S_FAILURE and libssh falls back to the other
 * methods. Only the static build links this object; the dynamic build uses the
 * real library through libssh.so.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint32_t OM_uint32;
typedef struct { OM_uint32 length; void *elements; } gss_OID_desc;

#define GSS_S_FAILURE (13u << 16)

static gss_OID_desc hostbased_service = {0, NULL};
static gss_OID_desc user_name = {0, NULL};
gss_OID_desc *GSS_C_NT_HOSTBASED_SERVICE = &hostbased_service;
gss_OID_desc *GSS_C_NT_USER_NAME = &user_name;

#define FAIL(name) \
  OM_uint32 name(OM_uint32 *minor, ...) { if (minor) *minor = 0; return GSS_S_FAILURE; }

FAIL(gss_accept_sec_context)
FAIL(gss_acquire_cred)
FAIL(gss_add_oid_set_member)
FAIL(gss_create_empty_oid_set)
FAIL(gss_display_name)
FAIL(gss_display_status)
FAIL(gss_get_mic)
FAIL(gss_import_name)
FAIL(gss_indicate_mechs)
FAIL(gss_init_sec_context)
FAIL(gss_inquire_cred)
FAIL(gss_inquire_cred_by_mech)
FAIL(gss_test_oid_set_member)
FAIL(gss_verify_mic)

/* Releasing nothing succeeds: libssh calls these on its cleanup paths. */
#define RELEASE(name) \
  OM_uint32 name(OM_uint32 *minor, ...) { if (minor) *minor = 0; return 0; }

RELEASE(gss_release_buffer)
RELEASE(gss_release_cred)
RELEASE(gss_release_name)
RELEASE(gss_release_oid_set)
